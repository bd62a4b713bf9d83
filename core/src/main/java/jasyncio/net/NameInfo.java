package jasyncio.net;

/**
 * What {@code loop.getnameinfo} returns: the host name and service of a socket address
 * ({@code (host, port)} in asyncio).
 *
 * @param host the host name found by a reverse look-up, or the address literal if there is none
 * @param service the port, as a decimal string (the JDK has no services database)
 */
public record NameInfo(String host, String service) {}
