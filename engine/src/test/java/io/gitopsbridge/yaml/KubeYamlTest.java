package io.gitopsbridge.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scalars as sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) reads them, which is what kubectl and Argo CD apply. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KubeYamlTest {
    @SuppressWarnings("unchecked")
    private static Object value(String yaml) {
        return ((Map<String, Object>) KubeYaml.load("t.yaml", "v: " + yaml + "\n")).get("v");
    }

    @Test
    void integersAsGoParsesThem() {
        assertThat(value("0644")).isEqualTo(420);
        assertThat(value("0400")).isEqualTo(256);
        assertThat(value("0o17")).isEqualTo(15);
        assertThat(value("0x1F")).isEqualTo(31);
        assertThat(value("0b101")).isEqualTo(5);
        assertThat(value("1_000")).isEqualTo(1000);
        assertThat(value("-12")).isEqualTo(-12);
        assertThat(value("12345678901")).isEqualTo(12345678901L);
        assertThat(value("08")).isEqualTo(8.0);
    }

    @Test
    void yaml11BooleansNullsAndFloats() {
        for (String t : List.of("yes", "Yes", "YES", "on", "On", "ON", "y", "Y", "true", "True", "TRUE")) {
            assertThat(value(t)).as(t).isEqualTo(true);
        }
        for (String f : List.of("no", "No", "NO", "off", "Off", "OFF", "n", "N", "false", "False", "FALSE")) {
            assertThat(value(f)).as(f).isEqualTo(false);
        }
        assertThat(value("~")).isNull();
        assertThat(value("null")).isNull();
        assertThat(value("")).isNull();
        assertThat(value("1.10")).isEqualTo(1.1);
        assertThat(value("1e3")).isEqualTo(1000.0);
        assertThat(value(".inf")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void quotedTimestampsAndWordsStayStrings() {
        assertThat(value("\"0644\"")).isEqualTo("0644");
        assertThat(value("'yes'")).isEqualTo("yes");
        assertThat(value("!!str 0644")).isEqualTo("0644");
        assertThat(value("2024-01-01")).isEqualTo("2024-01-01");
        assertThat(value("2001-12-14t21:59:43.10-05:00")).isEqualTo("2001-12-14t21:59:43.10-05:00");
        assertThat(value("1.2.3")).isEqualTo("1.2.3");
        assertThat(value("0x")).isEqualTo("0x");
        assertThat(value("+")).isEqualTo("+");
        assertThat(value("nginx:1.25")).isEqualTo("nginx:1.25");
    }

    @Test
    void treesWithLinesReadTheSameWay() {
        YamlNode doc = YamlFiles.document("pod.yaml", "spec:\n  volumes:\n  - configMap:\n      defaultMode: 0644\n");
        assertThat(doc.get("spec").get("volumes").list().get(0).get("configMap").get("defaultMode").value()).isEqualTo(420L);
    }

    @Test
    void aTabAfterTheColonSeparatesAsInGo() {
        assertThat(KubeYaml.load("t.yaml", "key:\tvalue\n")).isEqualTo(Map.of("key", "value"));
    }

    @Test
    void writtenStringsReadBackAsStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : List.of("True", "yes", "0644", "1.10", "~", "on", "0x1F", "1_000")) {
            m.put(s, s);
        }
        assertThat(KubeYaml.load("out.yaml", Trees.yaml(m))).isEqualTo(m);
        assertThat(Trees.yaml(Map.of("mode", 420, "ok", true))).isEqualTo("mode: 420\nok: true\n");
    }
}
