package io.medasr.client;

import io.medasr.api.v1.StreamingRecognizeResponse;

/**
 * Where a {@link StreamingRecognition} delivers what the server sends: to an application's
 * {@link RecognitionListener} ({@link ListenerDispatch}), or to the SDK itself when {@code recognize(Path)}
 * streams a long file ({@link FinalResultCollector}).
 *
 * <p>Called from gRPC's executor, one call at a time and in the order the server sent them; a stream ends with
 * exactly one of {@link #onError} or {@link #onComplete}.
 */
interface StreamingResponseHandler {

  void onResponse(StreamingRecognizeResponse response);

  void onError(MedAsrException error);

  void onComplete();
}
