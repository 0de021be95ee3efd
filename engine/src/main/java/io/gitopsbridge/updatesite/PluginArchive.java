package io.gitopsbridge.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What an update site needs to know about one plugin archive, read from its manifest and bytes.
 *
 * @param file the archive
 * @param name {@code Short-Name}
 * @param title {@code Long-Name}
 * @param version {@code Plugin-Version}
 * @param requiredCore {@code Jenkins-Version}
 * @param url {@code Url}, the plugin's home page, or {@code null}
 * @param dependencies parsed {@code Plugin-Dependencies}
 * @param sha1 base64 of the archive's SHA-1
 * @param sha256 base64 of the archive's SHA-256
 * @param sha512 base64 of the archive's SHA-512
 * @param size the archive's size in bytes
 */
public record PluginArchive(
        Path file,
        String name,
        String title,
        String version,
        String requiredCore,
        String url,
        List<Dependency> dependencies,
        String sha1,
        String sha256,
        String sha512,
        long size) {

    /**
     * One entry of {@code Plugin-Dependencies}.
     *
     * @param name the plugin's short name
     * @param version the minimum version
     * @param optional whether it was marked {@code resolution:=optional}
     */
    public record Dependency(String name, String version, boolean optional) {}

    /**
     * Reads a plugin archive.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not a plugin: the message names the file and the missing attribute
     */
    public static PluginArchive read(Path hpi) throws IOException {
        Manifest manifest;
        try (JarFile jar = new JarFile(hpi.toFile())) {
            manifest = jar.getManifest();
        }
        if (manifest == null) {
            throw new IllegalArgumentException(hpi + " is not a Jenkins plugin: it has no META-INF/MANIFEST.MF");
        }
        Attributes main = manifest.getMainAttributes();
        String name = required(hpi, main, "Short-Name");
        String version = required(hpi, main, "Plugin-Version");
        String core = required(hpi, main, "Jenkins-Version");
        String title = main.getValue("Long-Name") != null ? main.getValue("Long-Name") : name;
        return new PluginArchive(
                hpi,
                name,
                title,
                version,
                core,
                main.getValue("Url"),
                dependencies(hpi, main.getValue("Plugin-Dependencies")),
                digest(hpi, "SHA-1"),
                digest(hpi, "SHA-256"),
                digest(hpi, "SHA-512"),
                Files.size(hpi));
    }

    /** Parses {@code a:1.0,b:2.0;resolution:=optional} as Jenkins' {@code PluginWrapper.Dependency} does. */
    static List<Dependency> dependencies(Path hpi, String value) {
        List<Dependency> result = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return result;
        }
        for (String entry : value.split(",")) {
            String[] parts = entry.trim().split(";");
            String[] nameVersion = parts[0].trim().split(":");
            if (nameVersion.length != 2 || nameVersion[0].isBlank() || nameVersion[1].isBlank()) {
                throw new IllegalArgumentException(hpi + ": Plugin-Dependencies entry '" + entry.trim()
                        + "' is not name:version[;resolution:=optional]");
            }
            boolean optional = false;
            for (int i = 1; i < parts.length; i++) {
                optional |= parts[i].trim().equalsIgnoreCase("resolution:=optional");
            }
            result.add(new Dependency(nameVersion[0].trim(), nameVersion[1].trim(), optional));
        }
        return result;
    }

    private static String required(Path hpi, Attributes main, String attribute) {
        String value = main.getValue(attribute);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(hpi + " is not a Jenkins plugin: its manifest has no " + attribute);
        }
        return value.trim();
    }

    private static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance(algorithm))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Base64.getEncoder().encodeToString(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks " + algorithm, e);
        }
    }
}
