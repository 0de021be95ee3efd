package io.gitopsbridge.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock's CRUD dispatcher with two behaviours of the real API server that syncs depend on.
 *
 * <p>Server-side dry runs ({@code ?dryRun=All}) are answered instead of written: a create is refused with 409
 * AlreadyExists when the object exists and otherwise answered with the object, an update, patch or delete is refused
 * with 404 when it does not exist and otherwise answered with it; nothing is stored. The mock validates and admits
 * nothing, so a dry run here can only fail on existence.
 *
 * <p>A CustomResourceDefinition written is at once given the conditions the apiextensions server's naming and
 * establishing controllers set ({@code NamesAccepted} and {@code Established} True) — on a real server they follow
 * within milliseconds; here they are stored before the write is answered, so the test API has no race to wait out.
 */
final class ApiServerDispatcher extends KubernetesMixedDispatcher {
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Pattern NAME = Pattern.compile("\"metadata\"\\s*:\\s*\\{[^{}]*?\"name\"\\s*:\\s*\"([^\"]+)\"");

    ApiServerDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        if (query < 0 || !path.substring(query).contains("dryRun=All")) {
            MockResponse response = super.dispatch(request);
            String resource = query < 0 ? path : path.substring(0, query);
            if (resource.startsWith(CRDS) && !resource.endsWith("/status") && request.method() != HttpMethod.GET
                    && request.method() != HttpMethod.DELETE && response.code() / 100 == 2) {
                return establish(request, response);
            }
            return response;
        }
        String resource = path.substring(0, query);
        String body = request.getBody() == null ? "" : request.getUtf8Body();
        if (request.method() == HttpMethod.POST) {
            Matcher name = NAME.matcher(body);
            if (name.find() && exists(request, resource + "/" + name.group(1)).code() == 200) {
                return response(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"AlreadyExists\","
                        + "\"message\":\"" + name.group(1) + " already exists\",\"code\":409}");
            }
            return response(201, body);
        }
        MockResponse current = exists(request, resource);
        if (current.code() != 200) {
            return current;
        }
        return request.method() == HttpMethod.PUT ? response(200, body) : current;
    }

    @SuppressWarnings("unchecked")
    private MockResponse establish(RecordedRequest request, MockResponse written) {
        try {
            Map<String, Object> crd = JSON.readValue(written.getBody().readUtf8(), Map.class);
            Object name = ((Map<String, Object>) crd.get("metadata")).get("name");
            Map<String, Object> status = (Map<String, Object>) crd.computeIfAbsent("status", k -> new java.util.LinkedHashMap<>());
            status.put("conditions", java.util.List.of(
                    Map.of("type", "NamesAccepted", "status", "True", "reason", "NoConflicts"),
                    Map.of("type", "Established", "status", "True", "reason", "InitialNamesAccepted")));
            status.put("acceptedNames", ((Map<String, Object>) crd.get("spec")).get("names"));
            MockResponse stored = super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT,
                    CRDS + "/" + name + "/status", request.getHeaders(), new Buffer(JSON.writeValueAsBytes(crd))));
            return new MockResponse().setResponseCode(written.code()).setBody(stored.getBody());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private MockResponse exists(RecordedRequest request, String resource) {
        return super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, resource, request.getHeaders(),
                new Buffer()));
    }

    private static MockResponse response(int code, String json) {
        return new MockResponse().setResponseCode(code).setBody(new Buffer(json.getBytes(StandardCharsets.UTF_8)));
    }
}
