// Drives Herald's schema registry with the Protobuf serdes of @confluentinc/schemaregistry: the serializer
// registers the message's file as a base64 FileDescriptorProto (with a reference to google/protobuf/timestamp.proto
// handled as a built-in), writes magic 0 + id + message indexes, and the deserializer reads the schema back with
// format=serialized. The message type is built at run time from a descriptor, as generated code would declare it.
// Usage: node confluentinc-protobuf-check.js <registry-url>
const assert = require('node:assert/strict');
const { create, createFileRegistry, createMutableRegistry } = require('@bufbuild/protobuf');
const { FileDescriptorProtoSchema, TimestampSchema, file_google_protobuf_timestamp } = require('@bufbuild/protobuf/wkt');
const { SchemaRegistryClient, ProtobufSerializer, ProtobufDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

const client = new SchemaRegistryClient({ baseURLs: [process.argv[2]], maxRetries: 0 });
const STRING = 9;
const INT32 = 5;
const MESSAGE = 11;
const OPTIONAL = 1;

function ok(step) {
  console.log('ok', step);
}

async function main() {
  const fileProto = create(FileDescriptorProtoSchema, {
    name: 'heraldjs/parcel.proto',
    package: 'heraldjs',
    syntax: 'proto3',
    dependency: ['google/protobuf/timestamp.proto'],
    messageType: [{
      name: 'ParcelShipped',
      field: [
        { name: 'parcel', number: 1, type: STRING, label: OPTIONAL, jsonName: 'parcel' },
        { name: 'weight_grams', number: 2, type: INT32, label: OPTIONAL, jsonName: 'weightGrams' },
        { name: 'at', number: 3, type: MESSAGE, typeName: '.google.protobuf.Timestamp', label: OPTIONAL, jsonName: 'at' },
      ],
    }],
  });
  const files = createFileRegistry(fileProto, (name) => (name === 'google/protobuf/timestamp.proto' ? file_google_protobuf_timestamp : undefined));
  const ParcelShipped = files.getMessage('heraldjs.ParcelShipped');
  const message = create(ParcelShipped, { parcel: 'p-1', weightGrams: 1250, at: create(TimestampSchema, { seconds: 1700000000n }) });

  const topic = 'confluentinc-parcels';
  const serializer = new ProtobufSerializer(client, SerdeType.VALUE,
    { autoRegisterSchemas: true, registry: createMutableRegistry(ParcelShipped) });
  const bytes = await serializer.serialize(topic, message);
  assert.equal(bytes[0], 0);
  const id = bytes.readInt32BE(1);
  assert.equal(bytes[5], 0, 'message index [0] is written as a single 0');
  ok('serializer registers the file and writes magic 0 + id + message index');
  const registered = await client.getLatestSchemaMetadata(topic + '-value');
  assert.equal(registered.id, id);
  assert.equal(registered.schemaType, 'PROTOBUF');
  assert.match(registered.schema, /message ParcelShipped/);
  ok('stored as Protobuf text under <topic>-value');

  const deserializer = new ProtobufDeserializer(new SchemaRegistryClient({ baseURLs: [process.argv[2]], maxRetries: 0 }),
    SerdeType.VALUE, {});
  const decoded = await deserializer.deserialize(topic, bytes);
  assert.equal(decoded.parcel, 'p-1');
  assert.equal(decoded.weightGrams, 1250);
  assert.equal(decoded.at.seconds, 1700000000n);
  ok('deserializer reads the schema with format=serialized and decodes');
  const again = await serializer.serialize(topic, message);
  assert.equal(again.readInt32BE(1), id);
  ok('same message type, same id');
  console.log('@confluentinc/schemaregistry protobuf serdes: all steps passed');
}

main().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
