package dev.herald.broker.handler;

import org.apache.kafka.common.requests.RequestHeader;

import java.net.SocketAddress;

/** What a handler knows about the request beyond its body: the header and who sent it. */
public record RequestContext(RequestHeader header, SocketAddress clientAddress, String connectionId) {
    public short apiVersion() { return header.apiVersion(); }
    public String clientId() { return header.clientId(); }
}
