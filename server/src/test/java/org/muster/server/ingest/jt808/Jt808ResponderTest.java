package org.muster.server.ingest.jt808;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.server.ingest.jt808.Jt808CodecTest.LOCATION;
import static org.muster.server.ingest.jt808.Jt808CodecTest.REGISTER;
import static org.muster.server.ingest.jt808.Jt808CodecTest.bytes;
import static org.muster.server.ingest.jt808.Jt808CodecTest.hex;

class Jt808ResponderTest {
    private final Jt808Codec codec = new Jt808Codec();

    @Test
    void numbersItsResponsesAndAnswersTheTerminalsSerial() throws Exception {
        Jt808Responder responder = new Jt808Responder(codec);
        Jt808Header register = codec.decode(bytes(REGISTER)).header();
        Jt808Header location = codec.decode(bytes(LOCATION)).header();

        byte[] first = responder.generalResponse(location, Jt808GeneralResult.SUCCESS);
        byte[] second = responder.registrationResponse(register, Jt808RegistrationResult.SUCCESS, "AC123");

        assertThat(hex(first)).isEqualTo("7E800100050139123456780000002B0200009D7E");
        assertThat(hex(second)).isEqualTo("7E81000008013912345678000100010041433132338B7E");
        assertThat(responder.nextSerial()).isEqualTo(2);
        Jt808Message.Other decoded = (Jt808Message.Other) codec.decode(second);
        assertThat(decoded.header().serial()).isEqualTo(1);
    }

    @Test
    void theSerialWrapsAfter65535() throws Exception {
        Jt808Responder responder = new Jt808Responder(codec, 0xFFFF);
        Jt808Header location = codec.decode(bytes(LOCATION)).header();

        assertThat(codec.decode(responder.generalResponse(location, Jt808GeneralResult.SUCCESS)).header().serial())
                .isEqualTo(0xFFFF);
        assertThat(codec.decode(responder.generalResponse(location, Jt808GeneralResult.FAILURE)).header().serial())
                .isZero();
    }
}
