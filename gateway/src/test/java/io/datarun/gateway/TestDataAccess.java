package io.datarun.gateway;

/** {@link TestData} for tests in sub-packages. */
public final class TestDataAccess {
    private TestDataAccess() {
    }

    public static String residentId(String region, String birth, String sequence) {
        return TestData.residentId(region, birth, sequence);
    }

    /** Publishes one household-registry resident of Chaoyang, as a connector would. */
    public static void publishResident(String id, String name) throws Exception {
        String gender = (id.charAt(16) - '0') % 2 == 1 ? "MALE" : "FEMALE";
        TestData.publish(TestData.resident(id, name, gender, "北京市朝阳区光华路7号"));
    }
}
