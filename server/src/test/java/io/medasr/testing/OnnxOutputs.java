package io.medasr.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes graph outputs from an ONNX file by editing its protobuf fields generically (ModelProto
 * field 7 = graph, GraphProto field 12 = output, ValueInfoProto field 1 = name), e.g. to turn an
 * attention-exporting decoder into a plain one. The producing nodes stay; ONNX Runtime ignores
 * values nobody reads.
 */
public final class OnnxOutputs {
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_OUTPUT = 12;
  private static final int VALUE_INFO_NAME = 1;

  private OnnxOutputs() {}

  public static void removeOutputsStartingWith(Path onnxFile, String prefix) throws IOException {
    UnknownFieldSet model = UnknownFieldSet.parseFrom(Files.readAllBytes(onnxFile));
    ByteString graphBytes = model.getField(MODEL_GRAPH).getLengthDelimitedList().get(0);
    UnknownFieldSet graph = UnknownFieldSet.parseFrom(graphBytes);
    List<ByteString> kept = new ArrayList<>();
    for (ByteString output : graph.getField(GRAPH_OUTPUT).getLengthDelimitedList()) {
      UnknownFieldSet info = UnknownFieldSet.parseFrom(output);
      String name = info.getField(VALUE_INFO_NAME).getLengthDelimitedList().get(0).toStringUtf8();
      if (!name.startsWith(prefix)) {
        kept.add(output);
      }
    }
    UnknownFieldSet.Field.Builder builder = UnknownFieldSet.Field.newBuilder();
    kept.forEach(builder::addLengthDelimited);
    UnknownFieldSet.Field outputs = builder.build();
    UnknownFieldSet editedGraph = UnknownFieldSet.newBuilder(graph).clearField(GRAPH_OUTPUT).addField(GRAPH_OUTPUT, outputs).build();
    UnknownFieldSet editedModel = UnknownFieldSet.newBuilder(model)
        .clearField(MODEL_GRAPH)
        .addField(MODEL_GRAPH, UnknownFieldSet.Field.newBuilder().addLengthDelimited(editedGraph.toByteString()).build())
        .build();
    Files.write(onnxFile, editedModel.toByteArray());
  }

  /** Copies every file of {@code from} into {@code to}. */
  public static void copyDirectory(Path from, Path to) throws IOException {
    try (var files = Files.list(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
