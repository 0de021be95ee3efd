package io.gitopsbridge.diff;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.Sequence;
import org.eclipse.jgit.diff.SequenceComparator;

/** Line diffs in the unified format ({@code ---}, {@code +++}, {@code @@} hunks with three lines of context). */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    /** One line of the edit script: kept ({@code ' '}), removed ({@code -}) or added ({@code +}), and where. */
    private record Line(char op, int a, int b) {}

    private UnifiedDiff() {}

    /** The diff from {@code before} to {@code after}; empty when the texts are equal. */
    public static String of(String beforeName, String before, String afterName, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        if (a.equals(b)) {
            return "";
        }
        // JGit's histogram diff (git's default): linear memory, so a 10,000-line custom resource costs megabytes, not
        // the hundreds a quadratic table would.
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(LinesComparator.INSTANCE, new Lines(a), new Lines(b));
        List<Line> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (Edit e : edits) {
            while (i < e.getBeginA()) {
                ops.add(new Line(' ', i++, j++));
            }
            while (i < e.getEndA()) {
                ops.add(new Line('-', i++, j));
            }
            while (j < e.getEndB()) {
                ops.add(new Line('+', i, j++));
            }
        }
        while (i < a.size()) {
            ops.add(new Line(' ', i++, j++));
        }
        StringBuilder out = new StringBuilder("--- ").append(beforeName).append('\n').append("+++ ").append(afterName).append('\n');
        List<Integer> changes = new ArrayList<>();
        for (int x = 0; x < ops.size(); x++) {
            if (ops.get(x).op() != ' ') {
                changes.add(x);
            }
        }
        int c = 0;
        while (c < changes.size()) {
            int first = changes.get(c);
            int lastChange = first;
            while (c + 1 < changes.size() && changes.get(c + 1) - lastChange <= 2 * CONTEXT + 1) {
                lastChange = changes.get(++c);
            }
            c++;
            int start = Math.max(0, first - CONTEXT);
            int end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = ops.get(start).a();
            int bStart = ops.get(start).b();
            int aCount = 0;
            int bCount = 0;
            StringBuilder hunk = new StringBuilder();
            for (int x = start; x < end; x++) {
                char op = ops.get(x).op();
                String line = op == '+' ? b.get(ops.get(x).b()) : a.get(ops.get(x).a());
                hunk.append(op).append(line).append('\n');
                aCount += op == '+' ? 0 : 1;
                bCount += op == '-' ? 0 : 1;
            }
            out.append("@@ -").append(aCount == 0 ? aStart : aStart + 1).append(',').append(aCount)
                    .append(" +").append(bCount == 0 ? bStart : bStart + 1).append(',').append(bCount).append(" @@\n")
                    .append(hunk);
        }
        return out.toString();
    }

    /** Lines as JGit's diff algorithms take a sequence. */
    private static final class Lines extends Sequence {
        private final List<String> lines;

        Lines(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public int size() {
            return lines.size();
        }
    }

    private static final class LinesComparator extends SequenceComparator<Lines> {
        static final LinesComparator INSTANCE = new LinesComparator();

        @Override
        public boolean equals(Lines a, int ai, Lines b, int bi) {
            return a.lines.get(ai).equals(b.lines.get(bi));
        }

        @Override
        public int hash(Lines seq, int i) {
            return seq.lines.get(i).hashCode();
        }
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\n", -1)).subList(0, text.endsWith("\n") ? text.split("\n", -1).length - 1
                : text.split("\n", -1).length);
    }
}
