/**
 * jasyncio's test kit: a virtual-clock event loop and a JUnit 5 extension that fails tests which
 * leak tasks, leave loops open or let errors reach the loop's exception handler.
 */
module jasyncio.test {
    requires transitive jasyncio.core;
    requires transitive org.junit.jupiter.api;

    exports jasyncio.testing;
}
