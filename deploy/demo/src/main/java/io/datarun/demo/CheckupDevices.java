package io.datarun.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Health's community check-up devices for the demo: an MQTT broker (Moquette, MQTT 3.1.1, from
 * Maven Central like the demo's Kafka) on 127.0.0.1, and devices publishing one check-up result as
 * JSON on {@value #TOPIC} every interval, about the demo residents (one in twenty with a mistyped
 * resident ID, which the connector dead-letters). The connector {@code health-checkups-mqtt} reads them.
 */
public final class CheckupDevices implements AutoCloseable {
    public static final String TOPIC = "health/checkups/results";
    private static final String[] CLINICS = {"朝阳区团结湖社区卫生服务中心", "海淀区学院路社区卫生服务中心", "东城区和平里社区卫生服务中心"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Server broker = new Server();
    private final ScheduledExecutorService devices = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "checkup-devices");
        thread.setDaemon(true);
        return thread;
    });
    private final List<DemoResident> residents;
    private final Random random = new Random(65);
    private long published;

    private CheckupDevices(List<DemoResident> residents) {
        this.residents = residents;
    }

    /** Starts the broker on {@code port} and the devices, one result every {@code intervalMillis}. */
    public static CheckupDevices start(int port, Path dataDir, int residentCount, long intervalMillis) throws IOException {
        CheckupDevices devices = new CheckupDevices(new DemoResidents().generate(residentCount).stream()
                .filter(r -> !r.isBad()).toList());
        Properties config = new Properties();
        config.setProperty("host", "127.0.0.1");
        config.setProperty("port", String.valueOf(port));
        config.setProperty("allow_anonymous", "true");
        config.setProperty("data_path", dataDir.toAbsolutePath().toString());
        // in memory: the demo's devices publish again after a restart, and the connector's dedupe window covers the rest
        config.setProperty("persistence_enabled", "false");
        devices.broker.startServer(new MemoryConfig(config));
        devices.devices.scheduleAtFixedRate(devices::publishOne, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return devices;
    }

    private void publishOne() {
        DemoResident resident = residents.get(random.nextInt(residents.size()));
        String id = ++published % 20 == 0 ? resident.residentId().substring(0, 17) + "?" : resident.residentId();
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Shanghai"));
        String json = """
                {"sfzh": "%s", "tjrq": "%s", "jg": "%s", "xy": "%d/%d", "xzqh": "%s", "sj": "%s"}"""
                .formatted(id, LocalDate.now(ZoneId.of("Asia/Shanghai")), CLINICS[random.nextInt(CLINICS.length)],
                        110 + random.nextInt(50), 70 + random.nextInt(25), resident.divisionCode(), TIME.format(now));
        broker.internalPublish(MqttMessageBuilders.publish().topicName(TOPIC).retained(false).qos(MqttQoS.AT_LEAST_ONCE)
                .payload(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)).build(), "checkup-devices");
    }

    @Override
    public void close() {
        devices.shutdownNow();
        broker.stopServer();
    }
}
