package jasyncio.bench;

/**
 * W2's one-slot channel between two tasks: {@link #send} puts the token, {@link #receive} takes
 * it, suspending until there is one. The ping-pong protocol alternates strictly, so a send never
 * finds the slot full.
 */
interface Channel<T> {
    void send(T value);

    T receive();

    /** The W2 extras name of the channel kind: {@code future} or {@code queue}. */
    String kind();
}
