package io.gitopsbridge.app;

import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron schedule as robfig/cron's standard parser reads it (the parser Argo CD's sync windows use):
 * minute, hour, day of month, month, day of week; {@code *} or {@code ?}, numbers, {@code a-b}, steps {@code /n}
 * ({@code a/n} meaning {@code a-max/n}), lists, month names JAN–DEC and day names SUN–SAT. When neither day field is a
 * plain {@code *}, a day matches either of them, as in cron.
 */
public final class Cron {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private Cron(String[] f) {
        minutes = field(f[0], 0, 59, null, "minute");
        hours = field(f[1], 0, 23, null, "hour");
        daysOfMonth = field(f[2], 1, 31, null, "day of month");
        months = field(f[3], 1, 12, MONTHS, "month");
        daysOfWeek = field(f[4], 0, 6, DAYS, "day of week");
        anyDayOfMonth = star(f[2]);
        anyDayOfWeek = star(f[4]);
    }

    /** robfig's star bit: a part of the field is {@code *} or {@code ?} with no step above 1. */
    private static boolean star(String field) {
        for (String part : field.split(",")) {
            String[] rangeStep = part.split("/");
            if ((rangeStep[0].equals("*") || rangeStep[0].equals("?")) && (rangeStep.length == 1 || rangeStep[1].equals("1"))) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException naming the field that does not parse */
    public static Cron parse(String schedule) {
        String[] fields = schedule.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": [" + schedule + "]");
        }
        return new Cron(fields);
    }

    /** Whether the schedule fires in the minute of {@code t}. */
    public boolean fires(ZonedDateTime t) {
        if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        return anyDayOfMonth || anyDayOfWeek ? dom && dow : dom || dow;
    }

    private static BitSet field(String text, int min, int max, List<String> names, String what) {
        BitSet bits = new BitSet();
        for (String part : text.split(",", -1)) {
            String[] rangeStep = part.split("/", -1);
            if (rangeStep.length > 2 || part.isEmpty()) {
                throw new IllegalArgumentException("too many slashes or an empty " + what + ": " + text);
            }
            int start;
            int end;
            if (rangeStep[0].equals("*") || rangeStep[0].equals("?")) {
                start = min;
                end = max;
            } else {
                String[] bounds = rangeStep[0].split("-", -1);
                if (bounds.length > 2) {
                    throw new IllegalArgumentException("too many hyphens in the " + what + ": " + part);
                }
                start = value(bounds[0], names, what);
                end = bounds.length == 2 ? value(bounds[1], names, what) : rangeStep.length == 2 ? max : start;
            }
            int step = 1;
            if (rangeStep.length == 2) {
                step = value(rangeStep[1], null, what);
                if (step <= 0) {
                    throw new IllegalArgumentException("step of the " + what + " must be positive: " + part);
                }
            }
            if (start < min || end > max || start > end) {
                throw new IllegalArgumentException(what + " " + part + " is outside " + min + "-" + max);
            }
            for (int v = start; v <= end; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int value(String s, List<String> names, String what) {
        if (names != null) {
            int named = names.indexOf(s.toUpperCase(Locale.ROOT));
            if (named >= 0) {
                return named + (names == MONTHS ? 1 : 0);
            }
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse the " + what + " '" + s + "'");
        }
    }
}
