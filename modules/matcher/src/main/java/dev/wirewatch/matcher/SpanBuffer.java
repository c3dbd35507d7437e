package dev.wirewatch.matcher;

import java.util.Arrays;

/** A reusable list of token spans {@code [start, end)}, sorted by start on demand. */
final class SpanBuffer {
    int[] starts = new int[64];
    int[] ends = new int[64];
    int size;

    void clear() {
        size = 0;
    }

    void add(int start, int end) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /** Sorts by start; spans from one source arrive sorted, so this only runs for OR-lists. */
    void sort() {
        for (int i = 1; i < size; i++) {
            if (starts[i] < starts[i - 1]) {
                sortAll();
                return;
            }
        }
    }

    private void sortAll() {
        long[] packed = new long[size];
        for (int i = 0; i < size; i++) {
            packed[i] = (long) starts[i] << 32 | ends[i] & 0xFFFFFFFFL;
        }
        Arrays.sort(packed);
        for (int i = 0; i < size; i++) {
            starts[i] = (int) (packed[i] >>> 32);
            ends[i] = (int) packed[i];
        }
    }

    /** The index of the first span starting at or after {@code position}, or {@code size}. */
    int firstAtOrAfter(int position) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = low + high >>> 1;
            if (starts[mid] < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
