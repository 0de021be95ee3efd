package io.gitopsbridge.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Tars as GNU tar writes them (ustar, one block per header), for fixtures that play a Pod sending files. */
public final class Tars {
    private Tars() {}

    public static byte[] of(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] header = new byte[512];
            byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, header, 0, Math.min(100, name.length));
            put(header, 100, String.format("%07o", 0644));
            put(header, 108, String.format("%07o", 0));
            put(header, 116, String.format("%07o", 0));
            put(header, 124, String.format("%011o", f.getValue().length));
            put(header, 136, String.format("%011o", 0));
            header[156] = '0';
            put(header, 257, "ustar");
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            long sum = 0;
            for (byte x : header) {
                sum += x & 0xff;
            }
            put(header, 148, String.format("%06o", sum));
            out.writeBytes(header);
            out.writeBytes(f.getValue());
            out.writeBytes(new byte[(512 - f.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int at, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
