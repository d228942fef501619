package io.datarun.connectors.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * {@code kind: camel} against real servers: a KRaft broker in this JVM, the Mosquitto of this machine
 * (127.0.0.1:1883) with a fresh topic per run, and an SFTP server (Apache MINA SSHD) on a free port
 * serving a temporary folder. Two declarations: health's check-up devices publishing JSON over MQTT,
 * and public security dropping CSV files on the SFTP server.
 */
public class CamelSourcesTestResource extends ConnectorsTestResource {
    public static final String MQTT_CONNECTOR = "health-checkups-mqtt-test";
    public static final String SFTP_CONNECTOR = "ps-residents-sftp-test";
    public static final String MQTT_BROKER = "tcp://127.0.0.1:1883";
    public static final String SFTP_USER = "drop";
    public static final String SFTP_PASSWORD = "drop-secret-4d1e";

    private SshServer sftp;

    public CamelSourcesTestResource() {
        super("datarun-camel-sources-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        Path sftpRoot = Files.createDirectories(root.resolve("sftp"));
        Files.createDirectories(sftpRoot.resolve("drop"));
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        sftp.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolve("host.ser")));
        sftp.setPasswordAuthenticator((user, password, session) -> SFTP_USER.equals(user) && SFTP_PASSWORD.equals(password));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot));
        sftp.start();

        String topic = "datarun-test/" + UUID.randomUUID() + "/checkups";
        Path declarations = Files.createDirectories(root.resolve("declarations"));
        Files.writeString(declarations.resolve(MQTT_CONNECTOR + ".yaml"), """
                name: %s
                dataset: health.elderly-health-checkups
                source:
                  kind: camel
                  route:
                    - from:
                        uri: "paho-mqtt5:%s"
                        parameters:
                          brokerUrl: "%s"
                          clientId: "%s"
                          qos: 1
                          cleanStart: false
                          sessionExpiryInterval: 3600
                          manualAcksEnabled: true
                        steps:
                          - to: "datarun:door"
                  batchSize: 10
                  pollInterval: 200ms
                mapping:
                  residentId: sfzh
                  checkupDate: tjrq
                  clinic: jg
                  bloodPressure: xy
                  divisionCode: xzqh
                  updatedAt: sj
                """.formatted(MQTT_CONNECTOR, topic, MQTT_BROKER, "datarun-test-" + UUID.randomUUID()));
        Path route = Files.writeString(declarations.resolve(SFTP_CONNECTOR + ".camel.yaml"), """
                - route:
                    id: ps-residents-sftp
                    from:
                      uri: "sftp://%s@127.0.0.1:%d/drop"
                      parameters:
                        password: "{{env:DATARUN_TEST_SFTP_PASSWORD:%s}}"
                        strictHostKeyChecking: "no"
                        useUserKnownHostsFile: false
                        move: done
                        delay: 300
                        readLock: changed
                        readLockCheckInterval: 200
                        readLockMinAge: 300
                      steps:
                        - to: "datarun:door"
                """.formatted(SFTP_USER, sftp.getPort(), SFTP_PASSWORD));
        Files.writeString(declarations.resolve(SFTP_CONNECTOR + ".yaml"), """
                name: %s
                dataset: public-security.household-registry
                source:
                  kind: camel
                  routeFile: %s
                  batchSize: 100
                  pollInterval: 200ms
                mapping:
                  residentId: 身份证号
                  name: 姓名
                  gender: {column: 性别, codes: {"男": MALE, "女": FEMALE}}
                  birthDate: 出生日期
                  ethnicity: 民族
                  householdNumber: 户号
                  registeredAddress: 户籍地址
                  divisionCode: 区划
                  updatedAt: 更新时间
                """.formatted(SFTP_CONNECTOR, route.getFileName()));
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun-test.mqtt-topic", topic,
                "datarun-test.sftp-root", sftpRoot.toString(),
                "datarun-test.jdbc-url", "unused-by-camel-source-tests");
    }

    @Override
    protected void cleanUp() throws IOException {
        if (sftp != null) {
            sftp.stop(true);
        }
    }
}
