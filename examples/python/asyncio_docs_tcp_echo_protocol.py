# source: asyncio docs, "Transports and Protocols" > Examples > "TCP Echo Server" and "TCP Echo Client"
#         (https://docs.python.org/3/library/asyncio-protocol.html#tcp-echo-server)
# fixes: the docs give two scripts; here the server and the client run in one program: main() starts
#        the server, runs the client's main() as client(), then leaves `async with server`, which
#        closes the server and ends serve_forever(). The server listens on a free port instead of
#        8888, and the client binds local port 8889 (local_addr) so that the peer name the server
#        prints is the same on every run.
# deterministic: yes
import asyncio


class EchoServerProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        peername = transport.get_extra_info('peername')
        print('Connection from {}'.format(peername))
        self.transport = transport

    def data_received(self, data):
        message = data.decode()
        print('Data received: {!r}'.format(message))

        print('Send: {!r}'.format(message))
        self.transport.write(data)

        print('Close the client socket')
        self.transport.close()


class EchoClientProtocol(asyncio.Protocol):
    def __init__(self, message, on_con_lost):
        self.message = message
        self.on_con_lost = on_con_lost

    def connection_made(self, transport):
        transport.write(self.message.encode())
        print('Data sent: {!r}'.format(self.message))

    def data_received(self, data):
        print('Data received: {!r}'.format(data.decode()))

    def connection_lost(self, exc):
        print('The server closed the connection')
        self.on_con_lost.set_result(True)


async def client(port):
    # Get a reference to the event loop as we plan to use
    # low-level APIs.
    loop = asyncio.get_running_loop()

    on_con_lost = loop.create_future()
    message = 'Hello World!'

    transport, protocol = await loop.create_connection(
        lambda: EchoClientProtocol(message, on_con_lost),
        '127.0.0.1', port, local_addr=('127.0.0.1', 8889))

    # Wait until the protocol signals that the connection
    # is lost and close the transport.
    try:
        await on_con_lost
    finally:
        transport.close()


async def main():
    # Get a reference to the event loop as we plan to use
    # low-level APIs.
    loop = asyncio.get_running_loop()

    server = await loop.create_server(
        lambda: EchoServerProtocol(),
        '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]

    async with server:
        serving = asyncio.create_task(server.serve_forever())
        await client(port)


asyncio.run(main())
