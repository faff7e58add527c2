package dev.hivemind.analyzer.stack.python;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonVersionConstraintTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3.11|3.11.7|true", "3.11.2|3.11.7|true", "3.12|3.11.7|false", "3|3.11.7|true",
            ">=3.9|3.11.7|true", ">=3.12|3.11.7|false", ">=3.9,<4|3.11.7|true", ">=3.9, <3.11|3.11.7|false",
            ">3.11|3.11.7|true", ">3.11.7|3.11.7|false", "<=3.11|3.11.7|false", "<=3.11.7|3.11.7|true",
            "==3.11.*|3.11.7|true", "==3.10.*|3.11.7|false", "!=3.11.*|3.11.7|false", "===3.11.7|3.11.7|true",
            "~=3.10|3.11.7|true", "~=3.11.8|3.11.7|false", "~=3.10.1|3.11.7|false",
            "^3.10|3.11.7|true", "^3.12|3.11.7|false", "~3.11|3.11.7|true", "~3.10|3.11.7|false",
            "*|3.11.7|true", "v3.11|3.11.7|true",
            // PEP 440 zero-pads: ==3.11 is 3.11.0 only, and 3.3 is within ==3.3.0.*
            "==3.11|3.11.7|false", "==3.11|3.11.0|true", "!=3.11|3.11.7|true", "==3.3.0.*|3.3|true"})
    void judgesEachClause(String constraint, String version, boolean satisfied) {
        assertThat(PythonVersionConstraint.satisfies(constraint, version)).contains(satisfied);
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "python3", ">=3.9 || <2", "3.11-dev-beta!", ">=3.*", "~=3"})
    void readsNothingItDoesNotUnderstand(String constraint) {
        assertThat(PythonVersionConstraint.satisfies(constraint, "3.11.7")).isEmpty();
    }
}
