package io.datarun.connectors.jdbc;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One row of a first load's cursor: its values in column order, and the cursor's {@link Layout}
 * shared by every row. Looking a column up is case-insensitive, as {@link SourceRows} needs (drivers
 * differ in the case of labels), but costs one hash lookup: the layout remembers the index of each
 * name it was asked for. A per-row case-insensitive {@code TreeMap}, built on one thread and
 * searched by string comparison on the other, was a tenth of a first load's per-row work.
 * Read-only.
 */
public final class ColumnRow extends AbstractMap<String, Object> {
    private final Layout layout;
    private final Object[] values;

    ColumnRow(Layout layout, Object[] values) {
        this.layout = layout;
        this.values = values;
    }

    /** The column labels of one result, and the index each name asked for resolved to. */
    public static final class Layout {
        private static final Integer ABSENT = -1;
        private final String[] labels;
        // written by whichever thread asks first (the route thread; a test may ask from another)
        private final Map<String, Integer> indexes = new ConcurrentHashMap<>();

        public Layout(String[] labels) {
            this.labels = labels.clone();
        }

        int indexOf(String name) {
            Integer index = indexes.get(name);
            if (index == null) {
                index = ABSENT;
                for (int c = 0; c < labels.length; c++) {
                    if (labels[c].equalsIgnoreCase(name)) {
                        index = c; // the last, as a case-insensitive map filled in column order keeps it
                    }
                }
                indexes.put(name, index);
            }
            return index;
        }

        int size() {
            return labels.length;
        }
    }

    @Override
    public Object get(Object key) {
        int index = key instanceof String name ? layout.indexOf(name) : -1;
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && layout.indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return layout.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int c = next++;
                        return new SimpleImmutableEntry<>(layout.labels[c], values[c]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
