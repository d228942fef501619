package io.datarun.demo;

import io.datarun.demo.DemoResident.Defect;
import io.datarun.demo.DemoResident.Gender;
import io.datarun.schemas.validation.ResidentIdNumber;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic population of synthetic residents, household by household, in a few real
 * districts of Beijing and Zhejiang. The same seed always gives the same residents, and a
 * longer list starts with the shorter one, so other departments' demo data can reuse them and a
 * database can be topped up. One row in {@value #BAD_EVERY} is deliberately bad (see
 * {@link Defect}), so the intake door has something to refuse.
 */
public final class DemoResidents {
    /** The seed the demo uses unless told otherwise. */
    public static final long DEFAULT_SEED = 11643L;
    /** Every this many rows, one is bad on purpose: 0.5 %. */
    public static final int BAD_EVERY = 200;
    public static final LocalDate EARLIEST_BIRTH = LocalDate.of(1930, 1, 1);
    public static final LocalDate LATEST_BIRTH = LocalDate.of(2010, 12, 31);
    /** gxsj values are whole hours, three apart, within the last week: many rows share each. */
    static final int UPDATE_SLOTS = 56;
    static final int HOURS_PER_SLOT = 3;

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final String CHECK_CHARACTERS = "0123456789X";

    private static final List<District> DISTRICTS = List.of(
            new District("110101", "北京市东城区", List.of("东四十条", "王府井大街", "和平里东街", "东直门南大街")),
            new District("110102", "北京市西城区", List.of("西单北大街", "金融大街", "德胜门外大街", "月坛北街")),
            new District("110105", "北京市朝阳区", List.of("建国路", "朝阳路", "望京街", "酒仙桥路", "劲松南路")),
            new District("110108", "北京市海淀区", List.of("中关村大街", "学院路", "知春路", "万泉河路", "北三环西路")),
            new District("330102", "浙江省杭州市上城区", List.of("解放路", "清泰街", "望江路", "秋涛路")),
            new District("330105", "浙江省杭州市拱墅区", List.of("莫干山路", "湖墅南路", "大关路", "登云路")),
            new District("330106", "浙江省杭州市西湖区", List.of("文三路", "天目山路", "西溪路", "教工路", "古墩路")),
            new District("330203", "浙江省宁波市海曙区", List.of("中山西路", "药行街", "西河街", "望春路")));

    private static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
        "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
    private static final String MALE_GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘";
    private static final String FEMALE_GIVEN = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽";
    private static final String[] MINORITIES = {"回族", "满族", "蒙古族", "壮族", "朝鲜族", "畲族", "土家族"};

    private final long seed;

    public DemoResidents(long seed) {
        this.seed = seed;
    }

    public DemoResidents() {
        this(DEFAULT_SEED);
    }

    public long seed() {
        return seed;
    }

    /** The first {@code count} residents of this seed's population, bad rows included. */
    public List<DemoResident> generate(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        return new Generation(new Random(seed)).run(count);
    }

    private record District(String code, String prefix, List<String> streets) {
    }

    /** The person before any defect is applied. */
    private record Person(String name, Gender gender, LocalDate birthDate, String ethnicity) {
    }

    /** The mutable state of one run; every random draw happens here, in a fixed order. */
    private static final class Generation {
        private final Random random;
        private final Set<String> usedIds = new HashSet<>();
        private final Map<String, Integer> householdsPerDistrict = new HashMap<>();
        private final List<DemoResident> residents = new ArrayList<>();

        Generation(Random random) {
            this.random = random;
        }

        List<DemoResident> run(int count) {
            while (residents.size() < count) {
                household(count);
            }
            return List.copyOf(residents);
        }

        private void household(int count) {
            District district = DISTRICTS.get(random.nextInt(DISTRICTS.size()));
            int number = householdsPerDistrict.merge(district.code(), 1, Integer::sum);
            String householdNumber = district.code() + String.format("%06d", number);
            String address = district.prefix() + district.streets().get(random.nextInt(district.streets().size()))
                    + (1 + random.nextInt(300)) + "号" + (1 + random.nextInt(6)) + "单元"
                    + (1 + random.nextInt(18)) + "0" + (1 + random.nextInt(4));
            for (Person person : members()) {
                if (residents.size() == count) {
                    return;
                }
                add(district, householdNumber, address, person);
            }
        }

        private List<Person> members() {
            List<Person> members = new ArrayList<>();
            String surname = SURNAMES[random.nextInt(SURNAMES.length)];
            String ethnicity = ethnicity();
            Gender headGender = random.nextBoolean() ? Gender.MALE : Gender.FEMALE;
            LocalDate headBirth = date(LocalDate.of(1945, 1, 1), LocalDate.of(1990, 12, 31));
            members.add(new Person(name(surname, headGender), headGender, headBirth, ethnicity));
            if (random.nextInt(10) < 8) {
                Gender spouseGender = headGender == Gender.MALE ? Gender.FEMALE : Gender.MALE;
                LocalDate spouseBirth = clamp(headBirth.plusDays(random.nextInt(3653) - 1826L));
                String spouseEthnicity = random.nextInt(10) == 0 ? ethnicity() : ethnicity;
                members.add(new Person(name(SURNAMES[random.nextInt(SURNAMES.length)], spouseGender),
                        spouseGender, spouseBirth, spouseEthnicity));
            }
            int children = random.nextInt(4);
            for (int i = 0; i < children; i++) {
                LocalDate birth = headBirth.plusYears(22 + random.nextInt(17)).plusDays(random.nextInt(365));
                Gender gender = random.nextBoolean() ? Gender.MALE : Gender.FEMALE;
                if (!birth.isAfter(LATEST_BIRTH)) {
                    members.add(new Person(name(surname, gender), gender, birth, ethnicity));
                }
            }
            if (random.nextInt(10) == 0 && headBirth.minusYears(20).isAfter(EARLIEST_BIRTH)) {
                Gender gender = random.nextBoolean() ? Gender.MALE : Gender.FEMALE;
                LocalDate birth = date(EARLIEST_BIRTH, headBirth.minusYears(20));
                members.add(new Person(name(gender == Gender.MALE ? surname : SURNAMES[random.nextInt(SURNAMES.length)],
                        gender), gender, birth, ethnicity));
            }
            return members;
        }

        private void add(District district, String householdNumber, String address, Person person) {
            String region = district.code();
            String birth = YYYYMMDD.format(person.birthDate());
            String sequence;
            do {
                int parity = person.gender() == Gender.MALE ? 1 + 2 * random.nextInt(5) : 2 * random.nextInt(5);
                sequence = String.format("%02d", random.nextInt(100)) + parity;
            } while (!usedIds.add(region + birth + sequence));
            String first17 = region + birth + sequence;
            String residentId = first17 + ResidentIdNumber.checkCharacter(first17);
            int hoursBefore = 1 + HOURS_PER_SLOT * random.nextInt(UPDATE_SLOTS);

            long id = residents.size() + 1L;
            Optional<Defect> defect = id % BAD_EVERY == 0
                    ? Optional.of(Defect.values()[(int) ((id / BAD_EVERY - 1) % Defect.values().length)])
                    : Optional.empty();
            LocalDate birthColumn = person.birthDate();
            if (defect.isPresent()) {
                switch (defect.get()) {
                    case WRONG_CHECKSUM -> residentId = first17 + nextCheckCharacter(residentId.charAt(17));
                    case IMPOSSIBLE_BIRTH_DATE -> {
                        String impossible = region + person.birthDate().getYear() + "0230" + sequence;
                        residentId = impossible + ResidentIdNumber.checkCharacter(impossible);
                    }
                    case BIRTH_DATE_MISMATCH -> birthColumn = person.birthDate().plusDays(1);
                    case LEGACY_15 -> residentId = region + birth.substring(2) + sequence;
                }
            }
            residents.add(new DemoResident(id, residentId, person.name(), person.gender(), birthColumn,
                    person.ethnicity(), householdNumber, address, region, hoursBefore, defect));
        }

        private String name(String surname, Gender gender) {
            String pool = gender == Gender.MALE ? MALE_GIVEN : FEMALE_GIVEN;
            StringBuilder name = new StringBuilder(surname);
            int length = random.nextInt(10) < 7 ? 2 : 1;
            for (int i = 0; i < length; i++) {
                name.append(pool.charAt(random.nextInt(pool.length())));
            }
            return name.toString();
        }

        private String ethnicity() {
            return random.nextInt(100) < 92 ? "汉族" : MINORITIES[random.nextInt(MINORITIES.length)];
        }

        private LocalDate date(LocalDate from, LocalDate to) {
            long days = to.toEpochDay() - from.toEpochDay() + 1;
            return from.plusDays((long) (random.nextDouble() * days));
        }

        private static LocalDate clamp(LocalDate date) {
            return date.isBefore(EARLIEST_BIRTH) ? EARLIEST_BIRTH : date.isAfter(LATEST_BIRTH) ? LATEST_BIRTH : date;
        }

        private static char nextCheckCharacter(char correct) {
            return CHECK_CHARACTERS.charAt((CHECK_CHARACTERS.indexOf(correct) + 1) % CHECK_CHARACTERS.length());
        }
    }
}
