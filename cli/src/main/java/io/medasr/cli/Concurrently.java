package io.medasr.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs a piece of work on every item of a list with a pool of workers. Stateless. */
final class Concurrently {
  private Concurrently() {}

  /**
   * Applies {@code work} to every item, {@code concurrency} at a time: the workers take the items in list order,
   * and the results come back in that order. {@code work} runs on several threads at once, so whatever it shares
   * must be thread-safe; it reports failures in its result, and anything it throws (a bug) is rethrown here as it
   * was once the items before it are done.
   */
  static <T, R> List<R> map(List<T> items, int concurrency, Function<T, R> work) throws InterruptedException {
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<R>> pending = new ArrayList<>();
      for (T item : items) {
        pending.add(workers.submit(() -> work.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> result : pending) {
        results.add(resultOf(result));
      }
      return results;
    } finally {
      workers.shutdownNow();
    }
  }

  private static <R> R resultOf(Future<R> result) throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException bug) {
        throw bug;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
