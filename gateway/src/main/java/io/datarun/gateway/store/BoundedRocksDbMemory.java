package io.datarun.gateway.store;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the gateway (Kafka's "bounded memory" setter): a single
 * LRU block cache shared by all stores, with their memtables charged to it through one
 * {@link WriteBufferManager}, and index and filter blocks kept in that cache too. Without it, Kafka
 * Streams sizes RocksDB per store instance (a 50 MB cache and up to 3 x 16 MB memtables each), and the
 * gateway has dozens of instances (datasets x partitions x records, counts, last update, plus usage):
 * its off-heap memory then grew with the data and the number of datasets, with no bound anywhere.
 *
 * <p>The budget is {@value #TOTAL_BYTES_CONFIG} bytes (the whole cache), at most
 * {@value #MEMTABLE_SHARE_PERCENT} % of it memtables; shared by every Kafka Streams instance of the JVM
 * (the main topology and datasets registered at runtime), fixed by the first store that opens.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Streams property (passed through to {@link #setConfig}) holding the total budget in bytes. */
    public static final String TOTAL_BYTES_CONFIG = "datarun.rocksdb.total-bytes";
    static final int MEMTABLE_SHARE_PERCENT = 25;
    /** Memtable size per store: small, the stores are many and most take few writes after the first load. */
    static final long MEMTABLE_BYTES = 4L * 1024 * 1024;
    static final long BLOCK_BYTES = 16L * 1024;
    /** As {@code datarun.gateway.store-memory-mb}'s default (GatewayConfig), for a Streams setup without it. */
    private static final long DEFAULT_TOTAL_BYTES = 24L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(long totalBytes) {
        if (cache != null) {
            return;
        }
        // index and filter blocks go in the high-priority pool (10 %) so data blocks cannot push them out
        cache = new LRUCache(totalBytes, -1, false, 0.1);
        writeBuffers = new WriteBufferManager(totalBytes * MEMTABLE_SHARE_PERCENT / 100, cache);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(TOTAL_BYTES_CONFIG);
        init(configured == null ? DEFAULT_TOTAL_BYTES : Long.parseLong(configured.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_BYTES);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store: closing one store keeps them
    }
}
