#!/usr/bin/python3
"""Drives Herald's schema registry with Debian's python3-confluent-kafka schema_registry client.

Usage: confluent_client_check.py http://127.0.0.1:8081
Needs python3-confluent-kafka, python3-requests and python3-jsonschema (Debian bookworm).
Prints one line per step and exits non-zero at the first failure.
"""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

URL = sys.argv[1]
SUBJECT = "py-orders-value"
V1 = json.dumps({"type": "record", "name": "OrderPlaced", "fields": [{"name": "id", "type": "string"}]})
V2 = json.dumps({"type": "record", "name": "OrderPlaced", "fields": [
    {"name": "id", "type": "string"}, {"name": "total", "type": "double", "default": 0}]})
BAD = json.dumps({"type": "record", "name": "OrderPlaced", "fields": [{"name": "id", "type": "int"}]})
JSON_SCHEMA = json.dumps({"title": "PaymentCaptured", "type": "object",
                          "properties": {"order": {"type": "string"}, "cents": {"type": "integer"}},
                          "required": ["order"]})


def step(name, condition, detail=""):
    if not condition:
        print("FAIL", name, detail)
        sys.exit(1)
    print("ok", name)


client = SchemaRegistryClient({"url": URL})
id1 = client.register_schema(SUBJECT, Schema(V1, "AVRO"))
id2 = client.register_schema(SUBJECT, Schema(V2, "AVRO"))
step("register and evolve", id1 != id2, (id1, id2))
step("re-register returns the same id", client.register_schema(SUBJECT, Schema(V1, "AVRO")) == id1)
try:
    client.register_schema(SUBJECT, Schema(BAD, "AVRO"))
    step("incompatible change refused", False, "registered")
except SchemaRegistryError as e:
    step("incompatible change refused with 409", e.http_status_code == 409, (e.http_status_code, e.error_code))
step("get schema by id", json.loads(client.get_schema(id1).schema_str) == json.loads(V1))
found = client.lookup_schema(SUBJECT, Schema(V1, "AVRO"))
step("lookup", found.version == 1 and found.schema_id == id1, vars(found))
latest = client.get_latest_version(SUBJECT)
step("latest version", latest.version == 2 and latest.schema_id == id2)
step("versions", client.get_versions(SUBJECT) == [1, 2])
step("subjects", SUBJECT in client.get_subjects())
client.set_compatibility(SUBJECT, "FULL")
step("subject compatibility", client.get_compatibility(SUBJECT) == "FULL")
step("test compatibility", client.test_compatibility(SUBJECT, Schema(BAD, "AVRO")) is False)

ctx = SerializationContext("py-payments", MessageField.VALUE)
serializer = JSONSerializer(JSON_SCHEMA, client)
payload = serializer({"order": "o-1", "cents": 1250}, ctx)
schema_id = int.from_bytes(payload[1:5], "big")
step("wire format: magic byte 0 + 4-byte id", payload[0] == 0 and schema_id > 0, payload[:5])
step("serializer auto-registered under <topic>-value",
     client.get_latest_version("py-payments-value").schema_id == schema_id)
decoded = JSONDeserializer(JSON_SCHEMA)(payload, ctx)
step("decode", decoded == {"order": "o-1", "cents": 1250}, decoded)

step("soft delete version", client.delete_version(SUBJECT, 1) == 1)
# python 1.7.0 deletes permanently in two calls: soft (returns live versions), then permanent=true.
step("soft then hard delete subject", client.delete_subject(SUBJECT, permanent=True) == [2])
try:
    client.get_latest_version(SUBJECT)
    step("deleted subject is gone", False)
except SchemaRegistryError as e:
    step("deleted subject is gone (40401)", e.error_code == 40401, e.error_code)
print("python confluent-kafka", "schema registry client: all steps passed")
