package org.muster.ops.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    @Test
    void resumesAreOffByDefaultAndPauseForASecond() {
        Options o = Options.parse(new String[] {"--token", "x"});
        assertThat(o.consoleResumes()).isZero();
        assertThat(o.consoleResumePauseMs()).isEqualTo(1000);
    }

    @Test
    void eachResumeNeedsAConsoleOfItsOwn() {
        Options o = Options.parse(new String[] {"--token", "x", "--consoles", "20", "--console-resumes", "20",
                "--console-resume-pause-ms", "2500"});
        assertThat(o.consoleResumes()).isEqualTo(20);
        assertThat(o.consoleResumePauseMs()).isEqualTo(2500);
        assertThatThrownBy(() -> Options.parse(new String[] {"--token", "x", "--consoles", "20", "--console-resumes", "21"}))
                .hasMessageContaining("--console-resumes");
        assertThatThrownBy(() -> Options.parse(new String[] {"--token", "x", "--console-resume-pause-ms", "-1"}))
                .hasMessageContaining("--console-resume-pause-ms");
    }
}
