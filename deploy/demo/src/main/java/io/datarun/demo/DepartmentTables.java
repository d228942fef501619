package io.datarun.demo;

import static io.datarun.demo.DemoTable.Column.coded;
import static io.datarun.demo.DemoTable.Column.date;
import static io.datarun.demo.DemoTable.Column.decimal;
import static io.datarun.demo.DemoTable.Column.integer;
import static io.datarun.demo.DemoTable.Column.text;
import static io.datarun.demo.DemoTable.codes;

import io.datarun.demo.DemoResident.Gender;
import io.datarun.schemas.validation.UnifiedSocialCreditCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The other departments' demo tables, about the same synthetic residents as the household
 * registry ({@link DemoResidents}): marital status for every adult, the minimum living allowance
 * for about 3 % of households, disability certificates for about 2 % of residents, employment for
 * the working age, pension insurance from 50, health check-ups from 65 in three districts, and
 * about 300 enterprises whose legal representatives are residents (employers of the employed).
 * Only good residents appear; every table has its own share (one row in {@value #BAD_EVERY}, and
 * two in a table of fewer than 400 rows) of rows that are bad on purpose, each with
 * the violation the intake door must report. Deterministic: the same seed and residents give the
 * same rows. Ages are counted at {@link #REFERENCE}, so the rows do not change with the date;
 * only gxsj counts back from the seeding time. By construction every disability certificate was
 * last changed more than 60 days before seeding (that feed is stale for its P7D cadence).
 */
public final class DepartmentTables {
    /** The day ages and dates of the demo records are reckoned from. */
    public static final LocalDate REFERENCE = LocalDate.of(2025, 6, 1);
    public static final int BAD_EVERY = 200;
    public static final int MAX_ENTERPRISES = 300;
    /** Disability certificate rows are at least this old: more than twice the P7D cadence, and then some. */
    public static final int DISABILITY_MIN_HOURS = 24 * 61;
    /** Districts whose health centres report elderly check-ups. */
    public static final Set<String> CHECKUP_DISTRICTS = Set.of("110105", "110108", "330106");

    public static final DemoTable MARRIAGE = new DemoTable("civil-affairs", "civil-affairs.marital-status",
            "hyzk_marriage", "ca-marital-status", "CA_DB_URL",
            "Civil affairs: marriage registry (婚姻登记), read incrementally from its marital status table.", List.of(
                    text("sfzh", 18, "residentId"),
                    coded("hyzk", "maritalStatus", codes("10", "UNMARRIED", "20", "MARRIED", "30", "WIDOWED", "40", "DIVORCED")),
                    text("posfzh", 18, "spouseResidentId"),
                    date("djrq", "registeredOn"),
                    text("djjg", 100, "registrationOffice"),
                    text("xzqh", 6, "divisionCode")));
    public static final DemoTable ALLOWANCE = new DemoTable("civil-affairs", "civil-affairs.minimum-living-allowance",
            "dibao_recipients", "ca-minimum-living-allowance", "CA_DB_URL",
            "Civil affairs: minimum living allowance (低保) recipients, exported as a spreadsheet into a drop folder.", List.of(
                    text("sfzh", 18, "residentId"),
                    text("hh", 20, "householdNumber"),
                    decimal("bzje", 10, "monthlyAmountYuan"),
                    date("qsrq", "startDate"),
                    coded("bzzt", "status", codes("1", "ACTIVE", "2", "SUSPENDED", "3", "ENDED")),
                    text("xzqh", 6, "divisionCode")), DemoTable.Delivery.XLSX_DROP);
    public static final DemoTable DISABILITY = new DemoTable("civil-affairs", "civil-affairs.disability-certificates",
            "cjr_certificates", "ca-disability-certificates", "CA_DB_URL",
            "Civil affairs: disability certificates (残疾人证), read incrementally.", List.of(
                    text("sfzh", 18, "residentId"),
                    text("czh", 20, "certificateNumber"),
                    coded("cjlb", "category", codes("1", "VISUAL", "2", "HEARING", "3", "SPEECH", "4", "PHYSICAL",
                            "5", "INTELLECTUAL", "6", "MENTAL", "7", "MULTIPLE")),
                    integer("cjdj", "grade"),
                    date("fzrq", "issuedOn"),
                    date("yxqz", "validUntil"),
                    text("xzqh", 6, "divisionCode")));
    public static final DemoTable EMPLOYMENT = new DemoTable("human-resources-social-security",
            "human-resources-social-security.employment", "jy_employment", "hrss-employment", "HRSS_DB_URL",
            "Human resources and social security: employment registration (就业登记), served by the department's HTTP API.", List.of(
                    text("sfzh", 18, "residentId"),
                    coded("jyzt", "status", codes("1", "EMPLOYED", "2", "UNEMPLOYED", "3", "RETIRED")),
                    text("dwmc", 200, "employerName"),
                    text("dwxydm", 18, "employerCreditCode"),
                    date("ksrq", "since"),
                    text("sjhm", 11, "mobile"),
                    text("xzqh", 6, "divisionCode")), DemoTable.Delivery.HTTP);
    public static final DemoTable PENSION = new DemoTable("human-resources-social-security",
            "human-resources-social-security.pension-insurance", "yl_pension", "hrss-pension-insurance", "HRSS_DB_URL",
            "Human resources and social security: basic pension insurance (基本养老保险), served by the department's HTTP API.", List.of(
                    text("sfzh", 18, "residentId"),
                    coded("xzlx", "insuranceType", codes("110", "URBAN_EMPLOYEE", "170", "URBAN_RURAL_RESIDENT")),
                    coded("cbzt", "status", codes("1", "CONTRIBUTING", "2", "RECEIVING", "3", "SUSPENDED")),
                    integer("jfns", "contributionYears"),
                    decimal("yljje", 10, "monthlyPensionYuan"),
                    text("xzqh", 6, "divisionCode")), DemoTable.Delivery.HTTP);
    public static final DemoTable CHECKUPS = new DemoTable("health", "health.elderly-health-checkups", "tj_checkups",
            "health-elderly-checkups", "HEALTH_DB_URL",
            "Health commission: elderly health check-ups (老年人健康体检) of the community health centres, read incrementally.",
            List.of(
                    text("sfzh", 18, "residentId"),
                    date("tjrq", "checkupDate"),
                    text("tjjg", 100, "clinic"),
                    text("xy", 10, "bloodPressure"),
                    text("tjjl", 500, "diagnosisSummary"),
                    text("xzqh", 6, "divisionCode")));
    public static final DemoTable ENTERPRISES = new DemoTable("market-regulation", "market-regulation.enterprises",
            "qy_enterprises", "mr-enterprises", "MR_DB_URL",
            "Market regulation: enterprise register (企业登记), read incrementally.", List.of(
                    text("tyshxydm", 18, "creditCode"),
                    text("qymc", 200, "name"),
                    text("fddbr", 50, "legalRepresentative"),
                    text("fddbrsfzh", 18, "legalRepresentativeId"),
                    decimal("zczb", 14, "registeredCapitalWanYuan"),
                    date("clrq", "establishedOn"),
                    text("zs", 200, "address"),
                    text("yzbm", 6, "postalCode"),
                    text("xzqh", 6, "divisionCode"),
                    coded("djzt", "status", codes("1", "OPERATING", "2", "REVOKED", "3", "CANCELLED"))));

    /** Every departmental table besides the household registry, in seeding order. */
    public static final List<DemoTable> ALL = List.of(ENTERPRISES, MARRIAGE, ALLOWANCE, DISABILITY, EMPLOYMENT,
            PENSION, CHECKUPS);

    private record District(String name, String city, List<String> streets, String postalCode, List<String> clinics) {
    }

    private static final Map<String, District> DISTRICTS = Map.of(
            "110101", new District("北京市东城区", "北京", List.of("东四十条", "王府井大街", "和平里东街"), "100010",
                    List.of("东城区和平里社区卫生服务中心")),
            "110102", new District("北京市西城区", "北京", List.of("西单北大街", "金融大街", "月坛北街"), "100032",
                    List.of("西城区月坛社区卫生服务中心")),
            "110105", new District("北京市朝阳区", "北京", List.of("建国路", "朝阳路", "望京街", "酒仙桥路"), "100020",
                    List.of("朝阳区劲松社区卫生服务中心", "朝阳区望京社区卫生服务中心", "朝阳区酒仙桥社区卫生服务中心")),
            "110108", new District("北京市海淀区", "北京", List.of("中关村大街", "学院路", "知春路"), "100080",
                    List.of("海淀区学院路社区卫生服务中心", "海淀区中关村社区卫生服务中心")),
            "330102", new District("浙江省杭州市上城区", "杭州", List.of("解放路", "清泰街", "望江路"), "310002",
                    List.of("上城区望江街道社区卫生服务中心")),
            "330105", new District("浙江省杭州市拱墅区", "杭州", List.of("莫干山路", "湖墅南路", "大关路"), "310011",
                    List.of("拱墅区大关街道社区卫生服务中心")),
            "330106", new District("浙江省杭州市西湖区", "杭州", List.of("文三路", "天目山路", "教工路"), "310012",
                    List.of("西湖区文新街道社区卫生服务中心", "西湖区翠苑街道社区卫生服务中心")),
            "330203", new District("浙江省宁波市海曙区", "宁波", List.of("中山西路", "药行街", "望春路"), "315010",
                    List.of("海曙区西门望春街道社区卫生服务中心")));

    private static final String[] TRADE_NAMES = {"华信", "恒通", "瑞丰", "嘉禾", "博远", "金桥", "安泰", "鼎盛", "新元", "同创",
        "云帆", "中联", "汇智", "启明", "德润", "宏达", "泰和", "锦程", "天成", "利民"};
    private static final String[] INDUSTRIES = {"科技", "商贸", "餐饮管理", "建筑工程", "物流", "文化传媒", "医药", "信息技术",
        "服装", "农业发展", "教育咨询", "物业管理"};
    private static final String[] SUFFIXES = {"发展", "服务", "集团", "控股", "实业", "咨询"};
    private static final String[] DIAGNOSES = {"未见明显异常", "高血压，建议规律服药、定期复查", "2型糖尿病，建议控制饮食并监测血糖",
        "血脂偏高，建议低脂饮食", "骨质疏松，建议补钙并适量运动", "轻度认知功能下降，建议随访", "慢性支气管炎，建议戒烟"};
    private static final String CHECK_CHARACTERS = "0123456789X";

    private final long seed;

    public DepartmentTables(long seed) {
        this.seed = seed;
    }

    public DepartmentTables() {
        this(DemoResidents.DEFAULT_SEED);
    }

    /** A registered enterprise of the demo: what employment rows refer to. */
    public record DemoEnterprise(String creditCode, String name, String divisionCode, boolean operating) {
    }

    /** Every table's rows for these residents (a generated population, bad hukou rows included). */
    public Map<DemoTable, List<DemoRow>> generate(List<DemoResident> residents) {
        List<DemoResident> good = residents.stream().filter(r -> !r.isBad()).toList();
        Map<DemoTable, List<DemoRow>> tables = new LinkedHashMap<>();
        List<DemoEnterprise> enterprises = new ArrayList<>();
        tables.put(ENTERPRISES, enterprises(good, enterprises));
        tables.put(MARRIAGE, marriage(residents));
        tables.put(ALLOWANCE, allowance(residents));
        tables.put(DISABILITY, disability(good));
        tables.put(EMPLOYMENT, employment(good, enterprises));
        tables.put(PENSION, pension(good));
        tables.put(CHECKUPS, checkups(good));
        return tables;
    }

    /** The enterprises of {@link #generate}, for tests and for employment. */
    public List<DemoEnterprise> enterprises(List<DemoResident> residents) {
        List<DemoEnterprise> enterprises = new ArrayList<>();
        enterprises(residents.stream().filter(r -> !r.isBad()).toList(), enterprises);
        return enterprises;
    }

    static int age(DemoResident resident) {
        return Period.between(resident.birthDate(), REFERENCE).getYears();
    }

    private Random random(int table) {
        return new Random(seed * 31 + table);
    }

    /** A way a row is bad on purpose: the damage done to its columns and the violation that follows. */
    private record Defect(String field, String code, Consumer<Map<String, Object>> damage) {
    }

    /**
     * Builds the rows in order, ids 1..n, then damages one in {@value #BAD_EVERY} with the defects
     * in turn — one in {@code n/2} for tables of fewer than 400 rows, so that even a small table
     * has two bad rows to show.
     */
    private static final class Rows {
        private final List<Map<String, Object>> drafts = new ArrayList<>();
        private final List<Integer> hours = new ArrayList<>();
        private final List<Defect> defects;

        Rows(Defect... defects) {
            this.defects = List.of(defects);
        }

        void add(Map<String, Object> values, int hoursBeforeSeed) {
            drafts.add(values);
            hours.add(hoursBeforeSeed);
        }

        List<DemoRow> list() {
            int every = Math.min(BAD_EVERY, Math.max(2, drafts.size() / 2));
            List<DemoRow> rows = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                long id = i + 1L;
                Map<String, Object> values = new java.util.HashMap<>(drafts.get(i));
                Optional<DemoRow.Expected> expected = Optional.empty();
                if (drafts.size() >= 2 && id % every == 0) {
                    Defect defect = defects.get((int) ((id / every - 1) % defects.size()));
                    defect.damage().accept(values);
                    expected = Optional.of(new DemoRow.Expected(defect.field(), defect.code()));
                }
                rows.add(new DemoRow(id, java.util.Collections.unmodifiableMap(values), hours.get(i), expected));
            }
            return List.copyOf(rows);
        }
    }

    private static Map<String, Object> values() {
        return new java.util.HashMap<>();
    }

    private static Defect wrongChecksum(String column, String field) {
        return new Defect(field, "resident-id.checksum", v -> {
            String id = (String) v.get(column);
            char check = id.charAt(17);
            v.put(column, id.substring(0, 17)
                    + CHECK_CHARACTERS.charAt((CHECK_CHARACTERS.indexOf(check) + 1) % CHECK_CHARACTERS.length()));
        });
    }

    private static Defect legacy15() {
        return new Defect("residentId", "resident-id.legacy-15", v -> {
            String id = (String) v.get("sfzh");
            v.put("sfzh", id.substring(0, 6) + id.substring(8, 17));
        });
    }

    private static Defect unknownProvince() {
        return new Defect("divisionCode", "division-code.province", v -> v.put("xzqh", "99" + ((String) v.get("xzqh")).substring(2)));
    }

    private static String wrongCreditCheck(String code) {
        char check = code.charAt(17);
        String charset = UnifiedSocialCreditCode.CHARSET;
        return code.substring(0, 17) + charset.charAt((charset.indexOf(check) + 1) % charset.length());
    }

    private static LocalDate between(Random random, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to);
        return days <= 0 ? to : from.plusDays((long) (random.nextDouble() * days));
    }

    private static BigDecimal yuan(double amount) {
        return BigDecimal.valueOf(Math.round(amount * 100), 2);
    }

    private static District district(String code) {
        District district = DISTRICTS.get(code);
        if (district == null) {
            throw new IllegalStateException("no demo district " + code);
        }
        return district;
    }

    private List<DemoRow> enterprises(List<DemoResident> good, List<DemoEnterprise> out) {
        Random random = random(1);
        List<DemoResident> candidates = good.stream().filter(r -> age(r) >= 22 && age(r) <= 70).toList();
        int count = Math.min(MAX_ENTERPRISES, Math.max(candidates.isEmpty() ? 0 : 1, good.size() / 15));
        Set<String> codes = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<DemoResident> representatives = new HashSet<>();
        Rows rows = new Rows(
                new Defect("creditCode", "credit-code.checksum", v -> v.put("tyshxydm", wrongCreditCheck((String) v.get("tyshxydm")))),
                new Defect("postalCode", "postal-code.format", v -> v.put("yzbm", "9" + ((String) v.get("yzbm")).substring(1))));
        while (count > 0 && representatives.size() < candidates.size()) {
            DemoResident representative = candidates.get(random.nextInt(candidates.size()));
            if (!representatives.add(representative)) {
                continue;
            }
            District district = district(representative.divisionCode());
            String code;
            do {
                StringBuilder body = new StringBuilder("MA");
                for (int i = 0; i < 6; i++) {
                    body.append(UnifiedSocialCreditCode.CHARSET.charAt(random.nextInt(UnifiedSocialCreditCode.CHARSET.length())));
                }
                String first17 = "91" + representative.divisionCode() + body
                        + UnifiedSocialCreditCode.organizationCheckCharacter(body.toString());
                code = first17 + UnifiedSocialCreditCode.checkCharacter(first17);
            } while (!codes.add(code));
            String name = null;
            for (int attempt = 0; name == null || !names.add(name); attempt++) {
                name = district.city() + TRADE_NAMES[random.nextInt(TRADE_NAMES.length)]
                        + INDUSTRIES[random.nextInt(INDUSTRIES.length)]
                        + (attempt < 10 ? "" : SUFFIXES[attempt % SUFFIXES.length]) + "有限公司";
            }
            int status = random.nextInt(100);
            String statusCode = status < 90 ? "1" : status < 95 ? "2" : "3";
            Map<String, Object> v = values();
            v.put("tyshxydm", code);
            v.put("qymc", name);
            v.put("fddbr", representative.name());
            v.put("fddbrsfzh", representative.residentId());
            v.put("zczb", yuan(new int[] {10, 30, 50, 100, 200, 500, 1000, 3000}[random.nextInt(8)]));
            v.put("clrq", between(random, LocalDate.of(2000, 1, 1), REFERENCE.minusMonths(1)));
            v.put("zs", district.name() + district.streets().get(random.nextInt(district.streets().size()))
                    + (1 + random.nextInt(400)) + "号");
            v.put("yzbm", district.postalCode());
            v.put("xzqh", representative.divisionCode());
            v.put("djzt", statusCode);
            rows.add(v, 1 + 3 * random.nextInt(56));
            count--;
        }
        List<DemoRow> list = rows.list();
        list.stream().filter(r -> !r.isBad()).forEach(r -> out.add(new DemoEnterprise((String) r.values().get("tyshxydm"),
                (String) r.values().get("qymc"), (String) r.values().get("xzqh"), "1".equals(r.values().get("djzt")))));
        return list;
    }

    private List<DemoRow> marriage(List<DemoResident> residents) {
        Random random = random(2);
        Rows rows = new Rows(wrongChecksum("sfzh", "residentId"), unknownProvince(),
                new Defect("spouseResidentId", "resident-id.checksum", v -> {
                    String own = (String) v.get("sfzh");
                    v.put("posfzh", own.substring(0, 17) + CHECK_CHARACTERS.charAt(
                            (CHECK_CHARACTERS.indexOf(own.charAt(17)) + 1) % CHECK_CHARACTERS.length()));
                }));
        for (List<DemoResident> household : households(residents)) {
            DemoResident first = household.get(0);
            DemoResident second = household.size() > 1 ? household.get(1) : null;
            boolean couple = second != null && first.gender() != second.gender()
                    && Math.abs(ChronoUnit.DAYS.between(first.birthDate(), second.birthDate())) <= 1830;
            LocalDate wedding = couple ? between(random,
                    max(first.birthDate().plusYears(22), second.birthDate().plusYears(22)), REFERENCE) : null;
            for (DemoResident resident : household) {
                if (resident.isBad() || age(resident) < 18) {
                    continue;
                }
                Map<String, Object> v = values();
                v.put("sfzh", resident.residentId());
                v.put("xzqh", resident.divisionCode());
                String office = district(resident.divisionCode()).name() + "民政局婚姻登记处";
                DemoResident partner = couple && resident == first ? second : couple && resident == second ? first : null;
                String status;
                if (partner != null) {
                    status = "MARRIED";
                    if (!partner.isBad()) {
                        v.put("posfzh", partner.residentId());
                    }
                } else {
                    int draw = random.nextInt(10);
                    int age = age(resident);
                    status = age >= 60 ? (draw < 5 ? "WIDOWED" : draw < 7 ? "DIVORCED" : "MARRIED")
                            : age >= 30 ? (draw < 4 ? "DIVORCED" : draw < 6 ? "UNMARRIED" : "MARRIED")
                            : age >= 22 && draw >= 8 ? "MARRIED" : "UNMARRIED";
                }
                v.put("hyzk", MARRIAGE.columns().get(1).code(status));
                if (status.equals("MARRIED") || status.equals("DIVORCED")) {
                    v.put("djrq", partner != null ? wedding
                            : between(random, max(resident.birthDate().plusYears(22), LocalDate.of(1980, 1, 1)), REFERENCE));
                    v.put("djjg", office);
                }
                rows.add(v, 1 + 3 * random.nextInt(56));
            }
        }
        return rows.list();
    }

    private List<DemoRow> allowance(List<DemoResident> residents) {
        Random random = random(3);
        Rows rows = new Rows(wrongChecksum("sfzh", "residentId"), unknownProvince());
        for (List<DemoResident> household : households(residents)) {
            if (random.nextInt(100) >= 3) {
                continue;
            }
            double standard = household.get(0).divisionCode().startsWith("11") ? 1450 : 1236;
            LocalDate start = between(random, LocalDate.of(2016, 1, 1), REFERENCE.minusMonths(1)).withDayOfMonth(1);
            int draw = random.nextInt(100);
            String status = draw < 85 ? "1" : draw < 95 ? "2" : "3";
            double amount = standard - 50 * random.nextInt(12);
            for (DemoResident resident : household) {
                if (resident.isBad()) {
                    continue;
                }
                Map<String, Object> v = values();
                v.put("sfzh", resident.residentId());
                v.put("hh", allowanceHouseholdNumber(resident.householdNumber()));
                v.put("bzje", yuan(amount));
                v.put("qsrq", start);
                v.put("bzzt", status);
                v.put("xzqh", resident.divisionCode());
                rows.add(v, 1 + 6 * random.nextInt(120));
            }
        }
        return rows.list();
    }

    /**
     * The household number civil affairs assessed the allowance on. For households whose number
     * ends in 7 (about one in ten) the allowance file still has the number from before the household
     * was re-registered, as happens when a department's copy is not updated: a clerk's prefill shows
     * the two sources disagreeing instead of picking one silently.
     */
    static String allowanceHouseholdNumber(String registered) {
        return registered.endsWith("7") ? registered.substring(0, 6) + "9" + registered.substring(7) : registered;
    }

    /** Whether an allowance row's household number is the stale one of {@link #allowanceHouseholdNumber}. */
    static boolean hasStaleHouseholdNumber(String allowanceNumber) {
        return allowanceNumber != null && allowanceNumber.length() == 12 && allowanceNumber.endsWith("7")
                && allowanceNumber.charAt(6) == '9';
    }

    private List<DemoRow> disability(List<DemoResident> good) {
        Random random = random(4);
        Rows rows = new Rows(legacy15(),
                new Defect("grade", "disability-grade.range", v -> v.put("cjdj", 5)));
        for (DemoResident resident : good) {
            if (random.nextInt(100) >= 2) {
                continue;
            }
            int category = 1 + random.nextInt(7);
            int grade = 1 + random.nextInt(4);
            LocalDate issued = between(random, max(resident.birthDate().plusYears(1), LocalDate.of(2012, 1, 1)),
                    REFERENCE.minusMonths(3));
            Map<String, Object> v = values();
            v.put("sfzh", resident.residentId());
            v.put("czh", resident.residentId() + category + grade);
            v.put("cjlb", Integer.toString(category));
            v.put("cjdj", grade);
            v.put("fzrq", issued);
            v.put("yxqz", issued.plusYears(10));
            v.put("xzqh", resident.divisionCode());
            rows.add(v, DISABILITY_MIN_HOURS + random.nextInt(24 * 300));
        }
        return rows.list();
    }

    private List<DemoRow> employment(List<DemoResident> good, List<DemoEnterprise> enterprises) {
        Random random = random(5);
        List<DemoEnterprise> operating = enterprises.stream().filter(DemoEnterprise::operating).toList();
        String someCode = enterprises.isEmpty() ? "91350100M000100Y43" : enterprises.get(0).creditCode();
        Rows rows = new Rows(
                new Defect("employerCreditCode", "credit-code.checksum", v -> v.put("dwxydm", wrongCreditCheck(someCode))),
                new Defect("mobile", "mobile.format", v -> v.put("sjhm", "2" + String.format("%010d", v.get("sfzh").hashCode() & 0x3fffffff))),
                wrongChecksum("sfzh", "residentId"));
        for (DemoResident resident : good) {
            int age = age(resident);
            if (age < 18 || age > 59) {
                continue;
            }
            int draw = random.nextInt(100);
            String status = age >= 50 && draw < 20 ? "3" : draw < 82 && !operating.isEmpty() ? "1" : "2";
            Map<String, Object> v = values();
            v.put("sfzh", resident.residentId());
            v.put("jyzt", status);
            if (status.equals("1")) {
                List<DemoEnterprise> near = operating.stream()
                        .filter(e -> e.divisionCode().startsWith(resident.divisionCode().substring(0, 2))).toList();
                List<DemoEnterprise> choice = near.isEmpty() ? operating : near;
                DemoEnterprise employer = choice.get(random.nextInt(choice.size()));
                v.put("dwmc", employer.name());
                v.put("dwxydm", employer.creditCode());
            }
            v.put("ksrq", between(random, resident.birthDate().plusYears(18), REFERENCE));
            if (random.nextInt(10) < 7) {
                v.put("sjhm", "1" + "3456789".charAt(random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000)));
            }
            v.put("xzqh", resident.divisionCode());
            rows.add(v, 1 + 3 * random.nextInt(56));
        }
        return rows.list();
    }

    private List<DemoRow> pension(List<DemoResident> good) {
        Random random = random(6);
        Rows rows = new Rows(wrongChecksum("sfzh", "residentId"),
                new Defect("contributionYears", "required", v -> v.put("jfns", null)), unknownProvince());
        for (DemoResident resident : good) {
            int age = age(resident);
            if (age < 50) {
                continue;
            }
            boolean employee = random.nextInt(10) < 6;
            int retirement = employee && resident.gender() == Gender.FEMALE ? 55 : 60;
            String status = age >= retirement ? "2" : random.nextInt(100) < 5 ? "3" : "1";
            int years = employee ? Math.min(age - 20, 10 + random.nextInt(26)) : Math.min(age - 45, 15);
            Map<String, Object> v = values();
            v.put("sfzh", resident.residentId());
            v.put("xzlx", employee ? "110" : "170");
            v.put("cbzt", status);
            v.put("jfns", Math.max(1, years));
            if (status.equals("2")) {
                v.put("yljje", yuan(employee ? 2500 + random.nextInt(4000) + random.nextInt(100) / 100.0
                        : 180 + random.nextInt(620)));
            }
            v.put("xzqh", resident.divisionCode());
            rows.add(v, 1 + 6 * random.nextInt(120));
        }
        return rows.list();
    }

    private List<DemoRow> checkups(List<DemoResident> good) {
        Random random = random(7);
        Rows rows = new Rows(wrongChecksum("sfzh", "residentId"),
                new Defect("clinic", "required", v -> v.put("tjjg", "  ")));
        for (DemoResident resident : good) {
            if (age(resident) < 65 || !CHECKUP_DISTRICTS.contains(resident.divisionCode()) || random.nextInt(10) >= 7) {
                continue;
            }
            District district = district(resident.divisionCode());
            Map<String, Object> v = values();
            v.put("sfzh", resident.residentId());
            v.put("tjrq", between(random, REFERENCE.minusDays(330), REFERENCE));
            v.put("tjjg", district.clinics().get(random.nextInt(district.clinics().size())));
            v.put("xy", (110 + random.nextInt(60)) + "/" + (65 + random.nextInt(35)));
            v.put("tjjl", DIAGNOSES[random.nextInt(DIAGNOSES.length)]);
            v.put("xzqh", resident.divisionCode());
            rows.add(v, 1 + 24 * random.nextInt(300));
        }
        return rows.list();
    }

    /** Members of each household in registry order (head first, then the spouse if any). */
    private static List<List<DemoResident>> households(List<DemoResident> residents) {
        Map<String, List<DemoResident>> households = new LinkedHashMap<>();
        for (DemoResident resident : residents) {
            households.computeIfAbsent(resident.householdNumber(), k -> new ArrayList<>()).add(resident);
        }
        return List.copyOf(households.values());
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
