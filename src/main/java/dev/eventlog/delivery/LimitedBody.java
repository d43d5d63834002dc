package dev.eventlog.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Keeps the first bytes of a response (for the attempt log) and stops reading after them, so a
 * receiver answering with megabytes costs neither memory nor time: the answer is complete once the
 * limit is passed, and the exchange is then aborted, which closes the connection (HTTP/1.1) or
 * resets the stream (HTTP/2) instead of reading the rest.
 *
 * <p>An answer read to its end is handed on only once the client has put the connection back in
 * its pool (it releases the consumer's resources after that): handed on at the end of the body, the
 * next request of the subscription, started by this answer, would find the connection still
 * taken and open another one.
 */
final class LimitedBody implements AsyncResponseConsumer<LimitedBody.Answer> {

    /** What the attempt needs of a response. */
    record Answer(int status, Optional<String> retryAfter, byte[] body) {
    }

    /** Aborts the exchange once enough is kept; it never reaches the attempt, which is complete by then. */
    private static final class Enough extends IOException {
        Enough() {
            super("response body limit reached");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile HttpResponse response;
    private volatile FutureCallback<Answer> result;
    private volatile Answer complete;

    LimitedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<Answer> callback) {
        this.response = response;
        this.result = callback;
        if (entity == null) {
            complete = answer();
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: the real answer follows
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        channel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer buffer) throws IOException {
        int take = Math.min(buffer.remaining(), limit - kept.size());
        byte[] bytes = new byte[take];
        buffer.get(bytes);
        kept.write(bytes, 0, take);
        if (buffer.hasRemaining()) {
            result.completed(answer());
            throw new Enough();
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        complete = answer();
    }

    @Override
    public void failed(Exception cause) {
        // The client fails the exchange's future itself.
    }

    @Override
    public void releaseResources() {
        if (complete != null) {
            result.completed(complete);
        }
    }

    private Answer answer() {
        Header retryAfter = response.getFirstHeader("Retry-After");
        return new Answer(response.getCode(), Optional.ofNullable(retryAfter).map(Header::getValue), kept.toByteArray());
    }
}
