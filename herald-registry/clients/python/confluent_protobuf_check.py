#!/usr/bin/python3
"""Protobuf serdes of Debian's python3-confluent-kafka against Herald's schema registry.

Usage: confluent_protobuf_check.py http://127.0.0.1:8081
Needs python3-confluent-kafka, python3-requests, python3-protobuf and protoc (protobuf-compiler).
The serializer registers base64 FileDescriptorProtos, the imported timestamp.proto as a reference first.
"""
import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

URL = sys.argv[1]
PROTO = """syntax = "proto3";
package heraldcheck;
import "google/protobuf/timestamp.proto";
message ParcelShipped {
  string parcel = 1;
  int32 weight_grams = 2;
  google.protobuf.Timestamp at = 3;
}
"""


def step(name, condition, detail=""):
    if not condition:
        print("FAIL", name, detail)
        sys.exit(1)
    print("ok", name)


with tempfile.TemporaryDirectory() as work:
    Path(work, "parcel.proto").write_text(PROTO)
    subprocess.run(["protoc", "--proto_path", work, "--python_out", work, "parcel.proto"], check=True)
    sys.path.insert(0, work)
    parcel_pb2 = importlib.import_module("parcel_pb2")

client = SchemaRegistryClient({"url": URL})
ctx = SerializationContext("py-parcels", MessageField.VALUE)
message = parcel_pb2.ParcelShipped(parcel="p-1", weight_grams=1250)
message.at.seconds = 1700000000
payload = ProtobufSerializer(parcel_pb2.ParcelShipped, client)(message, ctx)
schema_id = int.from_bytes(payload[1:5], "big")
step("wire format: magic byte 0 + 4-byte id + message index [0]", payload[0] == 0 and payload[5] == 0, payload[:6])
registered = client.get_latest_version("py-parcels-value")
step("registered under <topic>-value", registered.schema_id == schema_id)
step("stored as Protobuf text with the reference",
     registered.schema.schema_type == "PROTOBUF" and "message ParcelShipped" in registered.schema.schema_str
     and any((r["name"] if isinstance(r, dict) else r.name) == "google/protobuf/timestamp.proto" for r in registered.schema.references),
     registered.schema.schema_str)
step("referenced timestamp.proto registered", "google/protobuf/timestamp.proto" in client.get_subjects())
decoded = ProtobufDeserializer(parcel_pb2.ParcelShipped)(payload, ctx)
step("decode", decoded == message, decoded)
again = ProtobufSerializer(parcel_pb2.ParcelShipped, client)(message, ctx)
step("same schema, same id", int.from_bytes(again[1:5], "big") == schema_id)
print("python confluent-kafka protobuf serdes: all steps passed")
