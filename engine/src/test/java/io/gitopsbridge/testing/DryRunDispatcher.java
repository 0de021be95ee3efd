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
 * The mock's CRUD dispatcher, answering server-side dry runs ({@code ?dryRun=All}) as the API server does instead of
 * writing: a create is refused with 409 AlreadyExists when the object exists and otherwise answered with the object,
 * an update, patch or delete is refused with 404 when it does not exist and otherwise answered with it; nothing is
 * stored. The mock validates and admits nothing, so a dry run here can only fail on existence.
 */
final class DryRunDispatcher extends KubernetesMixedDispatcher {
    private static final Pattern NAME = Pattern.compile("\"metadata\"\\s*:\\s*\\{[^{}]*?\"name\"\\s*:\\s*\"([^\"]+)\"");

    DryRunDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        if (query < 0 || !path.substring(query).contains("dryRun=All")) {
            return super.dispatch(request);
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

    private MockResponse exists(RecordedRequest request, String resource) {
        return super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, resource, request.getHeaders(),
                new Buffer()));
    }

    private static MockResponse response(int code, String json) {
        return new MockResponse().setResponseCode(code).setBody(new Buffer(json.getBytes(StandardCharsets.UTF_8)));
    }
}
