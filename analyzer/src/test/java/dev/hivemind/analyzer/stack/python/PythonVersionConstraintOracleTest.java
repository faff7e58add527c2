package dev.hivemind.analyzer.stack.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hivemind.analyzer.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonVersionConstraint} against PEP 440 as Debian's {@code python3-packaging} implements it
 * ({@code packaging.specifiers.SpecifierSet}, run by {@code /usr/bin/python3}): several thousand generated specifier
 * sets ({@code ~=}, {@code ==}, {@code !=}, {@code <=}, {@code >=}, {@code <}, {@code >}, wildcards, where PEP 440
 * allows them and where it does not) against interpreter versions near their numbers. A specifier PEP 440 refuses
 * must be one HiveMind cannot read either. Poetry's {@code ^} and {@code ~} and a bare {@code 3.11} (a
 * .python-version pin) are not PEP 440 and are left to {@code PythonVersionConstraintTest}.
 */
class PythonVersionConstraintOracleTest {
    private static final String SCRIPT = """
            import sys
            from packaging.specifiers import SpecifierSet, InvalidSpecifier
            from packaging.version import Version
            out = []
            for line in sys.stdin.read().splitlines():
                spec, version = line.split('\\t')
                try:
                    out.append(str(SpecifierSet(spec).contains(Version(version), prereleases=True)).lower())
                except InvalidSpecifier:
                    out.append('invalid')
            print('\\n'.join(out))
            """;
    private static final String[] OPERATORS = {"~=", "==", "!=", "<=", ">=", "<", ">"};

    private final Random random = new Random(440);

    @Test
    void answersAsPythonPackagingOverGeneratedSpecifiers() {
        Oracle packaging = Oracle.require("Debian's python3-packaging", Path.of(
                "/usr/lib/python3/dist-packages/packaging/specifiers.py"), List.of("/usr/bin/python3", "-c", SCRIPT));
        List<String[]> cases = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String specifier = specifier();
            cases.add(new String[] {specifier, version(specifier)});
        }

        List<String> answers = packaging.answer(cases.stream().map(pair -> pair[0] + "\t" + pair[1]).toList());

        int compared = 0;
        for (int i = 0; i < cases.size(); i++) {
            String specifier = cases.get(i)[0];
            String version = cases.get(i)[1];
            Optional<Boolean> ours = PythonVersionConstraint.satisfies(specifier, version);
            if (!ours.map(String::valueOf).orElse("invalid").equals(answers.get(i))) {
                fail("specifier '" + specifier + "' and version " + version + ": HiveMind says " + ours.map(
                        String::valueOf).orElse("it cannot read the specifier") + ", packaging.specifiers says "
                        + answers.get(i) + " (after " + compared + " cases agreed)");
            }
            compared++;
        }
        System.out.println("PythonVersionConstraint agrees with packaging.specifiers on " + compared + " cases");
        assertThat(compared).isEqualTo(4000);
    }

    private String specifier() {
        List<String> clauses = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String operator = OPERATORS[random.nextInt(OPERATORS.length)];
            clauses.add(operator + (random.nextInt(4) == 0 ? " " : "") + (random.nextInt(20) == 0 ? "v" : "")
                    + release(1 + random.nextInt(3)) + (random.nextInt(6) == 0 ? ".*" : ""));
        }
        return String.join(random.nextInt(3) == 0 ? ", " : ",", clauses);
    }

    private String release(int parts) {
        List<String> out = new ArrayList<>(List.of(String.valueOf(2 + random.nextInt(3))));
        for (int i = 1; i < parts; i++) {
            out.add(String.valueOf(random.nextInt(4) == 0 ? 0 : random.nextInt(14)));
        }
        return String.join(".", out);
    }

    /** An interpreter version (2 or 3 parts) near the specifier's numbers. */
    private String version(String specifier) {
        List<Integer> numbers = java.util.Arrays.stream(specifier.split("[^0-9]+")).filter(part -> !part.isEmpty())
                .map(Integer::valueOf).toList();
        List<String> parts = new ArrayList<>();
        int size = random.nextInt(5) == 0 ? 2 : 3;
        for (int i = 0; i < size; i++) {
            int near = numbers.get(random.nextInt(numbers.size()));
            parts.add(String.valueOf(switch (random.nextInt(4)) {
                case 0 -> near;
                case 1 -> near + 1;
                case 2 -> Math.max(0, near - 1);
                default -> random.nextInt(14);
            }));
        }
        return String.join(".", parts);
    }
}
