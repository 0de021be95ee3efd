package io.jenkins.plugins.gitopsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The Jenkins conventions every describable and extension of the plugin must follow, checked on the compiled
 * classes: the things a real Jenkins would otherwise find at run time.
 */
class ConventionsTest {
    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern FIELD = Pattern.compile("\\bfield=\"([^\"]+)\"");
    private static final Pattern INCLUDE = Pattern.compile("<st:include page=\"([^\"]+)\" class=\"\\$\\{descriptor.clazz}\"/>");

    private static List<Class<?>> pluginClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/jenkins/plugins/gitopsbridge"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, ConventionsTest.class.getClassLoader()));
            }
        }
        assertThat(classes).isNotEmpty();
        return classes;
    }

    private static List<Class<?>> describables() throws IOException, ClassNotFoundException {
        return pluginClasses().stream()
                .filter(c -> Describable.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()))
                .filter(c -> !Descriptor.class.isAssignableFrom(c) || GlobalConfiguration.class.isAssignableFrom(c))
                .toList();
    }

    /** Data-bound properties: constructor parameters and setters. */
    private static Set<String> properties(Class<?> c) {
        Set<String> names = new LinkedHashSet<>();
        for (Constructor<?> k : c.getConstructors()) {
            if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                Arrays.stream(k.getParameters()).map(Parameter::getName).forEach(names::add);
            }
        }
        for (Method m : c.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                names.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        return names;
    }

    /** A view or help file of a class, looked up through its superclasses as Jenkins does. */
    private static String resource(Class<?> c, String file) throws IOException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try (InputStream in = k.getResourceAsStream(k.getSimpleName() + "/" + file)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    /** A config view with the pages it includes from the class's own hierarchy. */
    private static String configWithIncludes(Class<?> c) throws IOException {
        String config = resource(c, "config.jelly");
        if (config == null) {
            return null;
        }
        StringBuilder all = new StringBuilder(config);
        Matcher include = INCLUDE.matcher(config);
        while (include.find()) {
            String page = resource(c, include.group(1));
            assertThat(page).as(c.getSimpleName() + " includes " + include.group(1)).isNotNull();
            all.append(page);
        }
        return all.toString();
    }

    /** Lists of strings cannot be edited with the stock form controls; their help says to write them by hand. */
    private static boolean formless(Class<?> c, String property) {
        String setter = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        return Arrays.stream(c.getMethods())
                .anyMatch(m -> m.getName().equals(setter) && m.getParameterCount() == 1
                        && m.getGenericParameterTypes()[0].getTypeName().equals("java.util.List<java.lang.String>"));
    }

    /**
     * structs cannot describe a {@code Map} (the Steps Reference shows "do not know how to categorize attributes of
     * type java.util.Map" and the Snippet Generator cannot build it): arguments are lists of describable entries,
     * and a descriptor's {@code customInstantiate} keeps a Jenkinsfile's map form working.
     */
    @Test
    void noArgumentIsAMap() throws Exception {
        for (Class<?> c : describables()) {
            for (Method m : c.getMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class)) {
                    assertThat(m.getGenericParameterTypes()[0].getTypeName()).as(c.getSimpleName() + "." + m.getName())
                            .doesNotContain("java.util.Map");
                }
            }
        }
    }

    /** Odd values of a parameter's type: what a user may type into a form or a Jenkinsfile. */
    private static List<Object> oddValues(Class<?> type) {
        if (type == String.class) {
            return java.util.Arrays.asList(null, "", "  ", "not valid ☃", "-1", "10 minutes");
        }
        if (type == int.class || type == Integer.class) {
            return List.of(-5, 0, Integer.MAX_VALUE);
        }
        if (type == boolean.class || type == Boolean.class) {
            return List.of(true, false);
        }
        return java.util.Collections.singletonList(null);
    }

    /**
     * Stapler swallows an exception from a {@code @DataBoundSetter} (the value silently disappears from the Snippet
     * Generator) and answers HTTP 500 for one from a {@code @DataBoundConstructor}: both must accept anything and
     * leave validation to {@code doCheck*} and run time.
     */
    /**
     * A form control's {@code default} must be the step's own default: the Snippet Generator writes every value that
     * differs from a fresh step's, so a form default of {@code 10m} over a step default of "unset" ends up in every
     * snippet.
     */
    @Test
    void formDefaultsAreTheStepsDefaults() throws Exception {
        Pattern entry = Pattern.compile("field=\"([^\"]+)\"[^>]*>\\s*<f:(?:textbox|number|checkbox)[^>]*\\bdefault=\"([^\"]*)\"");
        int checked = 0;
        for (Class<?> c : describables()) {
            String config = configWithIncludes(c);
            Constructor<?> ctor = Arrays.stream(c.getConstructors())
                    .filter(k -> k.isAnnotationPresent(DataBoundConstructor.class)).findFirst().orElse(null);
            if (config == null || ctor == null) {
                continue;
            }
            Object fresh = ctor.newInstance(Arrays.stream(ctor.getParameterTypes())
                    .map(t -> t == int.class ? (Object) 0 : t == boolean.class ? (Object) false : null).toArray());
            Matcher m = entry.matcher(config);
            while (m.find()) {
                String field = m.group(1);
                String cap = Character.toUpperCase(field.charAt(0)) + field.substring(1);
                Method getter = Arrays.stream(c.getMethods())
                        .filter(g -> g.getParameterCount() == 0 && (g.getName().equals("get" + cap) || g.getName().equals("is" + cap)))
                        .findFirst().orElseThrow(() -> new AssertionError(c.getSimpleName() + " has no getter for " + field));
                assertThat(String.valueOf(getter.invoke(fresh))).as(c.getSimpleName() + "." + field + " form default")
                        .isEqualTo(m.group(2));
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void dataBoundConstructorsAndSettersNeverThrow() throws Exception {
        int checked = 0;
        for (Class<?> c : describables()) {
            Constructor<?> ctor = Arrays.stream(c.getConstructors())
                    .filter(k -> k.isAnnotationPresent(DataBoundConstructor.class)).findFirst().orElse(null);
            if (ctor == null || Descriptor.class.isAssignableFrom(c)) {
                continue;
            }
            for (Object odd : oddValues(String.class)) {
                Object[] args = Arrays.stream(ctor.getParameterTypes())
                        .map(t -> t == String.class ? odd : oddValues(t).get(0)).toArray();
                Object instance;
                try {
                    instance = ctor.newInstance(args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new AssertionError(c.getSimpleName() + " constructor threw for " + Arrays.toString(args), e.getCause());
                }
                for (Method m : c.getMethods()) {
                    if (!m.isAnnotationPresent(DataBoundSetter.class) || m.getParameterCount() != 1) {
                        continue;
                    }
                    for (Object value : oddValues(m.getParameterTypes()[0])) {
                        try {
                            m.invoke(instance, value);
                            checked++;
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw new AssertionError(c.getSimpleName() + "." + m.getName() + "(" + value + ") threw",
                                    e.getCause());
                        }
                    }
                }
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void everyExtensionHasASymbolAndAPublicNoArgConstructor() throws Exception {
        List<Class<?>> extensions = pluginClasses().stream().filter(c -> c.isAnnotationPresent(Extension.class)).toList();
        assertThat(extensions).isNotEmpty();
        for (Class<?> c : extensions) {
            assertThat(c.getAnnotation(Symbol.class)).as("@Symbol on " + c.getName()).isNotNull();
            assertThat(Modifier.isPublic(c.getModifiers())).as(c + " is public").isTrue();
            assertThat(c.getConstructor().getParameterCount()).isZero();
        }
    }

    @Test
    void dataBoundConstructorsKeepTheirParameterNames() throws Exception {
        for (Class<?> c : describables()) {
            for (Constructor<?> k : c.getConstructors()) {
                if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                    assertThat(k.getParameters()).as("parameter names of " + k)
                            .allSatisfy(p -> assertThat(p.isNamePresent()).isTrue());
                }
            }
        }
    }

    @Test
    void everyPropertyHasAGetterAFormFieldAndHelp() throws Exception {
        List<Class<?>> describables = describables();
        assertThat(describables).extracting(Class::getSimpleName)
                .contains("ClusterDefinition", "GitOpsBridgeConfiguration", "TaskPodStep", "TektonRunStep", "KanikoBuildStep", "GitOpsUpdateStep");
        for (Class<?> c : describables) {
            String config = configWithIncludes(c);
            assertThat(config).as(c.getSimpleName() + "/config.jelly").isNotNull();
            Set<String> fields = new LinkedHashSet<>();
            Matcher m = FIELD.matcher(config);
            while (m.find()) {
                fields.add(m.group(1));
            }
            for (String property : properties(c)) {
                String getter = Character.toUpperCase(property.charAt(0)) + property.substring(1);
                assertThat(Stream.of("get", "is").anyMatch(prefix -> hasMethod(c, prefix + getter)))
                        .as("public getter for " + c.getSimpleName() + "." + property + " (structs needs it)")
                        .isTrue();
                if (formless(c, property)) {
                    assertThat(resource(c, "help-" + property + ".html")).as(c.getSimpleName() + "/help-" + property + ".html")
                            .isNotBlank();
                    assertThat(resource(c, "help.html")).as(c.getSimpleName() + "/help.html tells how to add " + property)
                            .contains(property);
                } else {
                    assertThat(fields).as("field in " + c.getSimpleName() + "/config.jelly").contains(property);
                }
            }
            for (String field : fields) {
                assertThat(resource(c, "help-" + field + ".html")).as(c.getSimpleName() + "/help-" + field + ".html")
                        .isNotBlank();
            }
        }
    }

    @Test
    void everyViewIsEscapedWellFormedXml() throws Exception {
        List<Path> views;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            views = files.filter(p -> p.toString().endsWith(".jelly")).toList();
        }
        assertThat(views).hasSizeGreaterThanOrEqualTo(3);
        for (Path view : views) {
            String text = Files.readString(view);
            assertThat(text).as(view.toString()).startsWith("<?jelly escape-by-default='true'?>");
            // Jelly reads "(" inside ${%...} as the start of arguments: such a title never renders as written.
            assertThat(text).as(view + ": parentheses inside ${%...}").doesNotContainPattern("\\$\\{%[^}]*\\(");
            DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
            xml.setNamespaceAware(true);
            xml.newDocumentBuilder().parse(view.toFile());
        }
    }

    private static boolean hasMethod(Class<?> c, String name) {
        try {
            return Modifier.isPublic(c.getMethod(name).getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
