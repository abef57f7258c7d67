package dev.herald.broker.produce;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;

/**
 * InitProducerId for idempotent producers (the Java client's default): a fresh producer id with epoch 0, as Kafka
 * answers when there is no transactional id. Transactions are not supported yet; such requests are refused.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequest> {
    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.INIT_PRODUCER_ID; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 5; }

    @Override
    public ApiMessage handle(RequestContext context, InitProducerIdRequest request) throws Exception {
        if (request.data().transactionalId() != null) {
            return new InitProducerIdResponseData().setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                    .setProducerId(-1).setProducerEpoch((short) -1);
        }
        return new InitProducerIdResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProducerId(producerIds.next())
                .setProducerEpoch((short) 0);
    }
}
