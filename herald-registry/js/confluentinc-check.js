// Drives Herald's schema registry with @confluentinc/schemaregistry (Confluent's JavaScript client and serdes):
// register, evolve, refuse an incompatible change with 409, serialize/deserialize with the wire format, look
// up, configure, delete. Usage: node confluentinc-check.js <registry-url>
const assert = require('node:assert/strict');
const {
  SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType,
} = require('@confluentinc/schemaregistry');

const client = new SchemaRegistryClient({ baseURLs: [process.argv[2]], maxRetries: 0 });
const subject = 'confluentinc-orders-value';
const v1 = JSON.stringify({ type: 'record', name: 'OrderPlaced', fields: [{ name: 'id', type: 'string' }] });
const v2 = JSON.stringify({ type: 'record', name: 'OrderPlaced', fields: [{ name: 'id', type: 'string' },
  { name: 'total', type: 'double', default: 0 }] });
const bad = JSON.stringify({ type: 'record', name: 'OrderPlaced', fields: [{ name: 'id', type: 'int' }] });

function ok(step) {
  console.log('ok', step);
}

async function main() {
  const id1 = await client.register(subject, { schemaType: 'AVRO', schema: v1 });
  const id2 = await client.register(subject, { schemaType: 'AVRO', schema: v2 });
  assert.notEqual(id1, id2);
  ok('register and evolve');
  await assert.rejects(client.register(subject, { schemaType: 'AVRO', schema: bad }), (e) => e.status === 409);
  ok('incompatible change refused with 409');
  assert.equal(await client.testSubjectCompatibility(subject, { schemaType: 'AVRO', schema: bad }), false);
  assert.equal(await client.testCompatibility(subject, 2, { schemaType: 'AVRO', schema: v2 }), true);
  ok('compatibility checks');
  assert.equal(await client.getId(subject, { schemaType: 'AVRO', schema: v1 }), id1);
  assert.equal(await client.getVersion(subject, { schemaType: 'AVRO', schema: v1 }), 1);
  assert.equal((await client.getLatestSchemaMetadata(subject)).id, id2);
  assert.deepEqual(await client.getAllVersions(subject), [1, 2]);
  assert.ok((await client.getAllSubjects()).includes(subject));
  ok('lookups');
  await client.updateConfig(subject, { compatibility: 'FULL' });
  assert.equal((await client.getConfig(subject)).compatibilityLevel, 'FULL');
  ok('config');

  const topic = 'confluentinc-shipments';
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true });
  // No schema given: the serializer infers one from the value and registers it under <topic>-value.
  const bytes = await serializer.serialize(topic, { parcel: 'p-1' });
  assert.equal(bytes[0], 0);
  const wireId = bytes.readInt32BE(1);
  assert.equal((await client.getLatestSchemaMetadata(topic + '-value')).id, wireId);
  ok('Avro serializer auto-registers and writes magic byte 0 + 4-byte id');
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  assert.deepEqual({ ...(await deserializer.deserialize(topic, bytes)) }, { parcel: 'p-1' });
  ok('Avro deserializer reads it back by id');

  assert.deepEqual(await client.deleteSubjectVersion(subject, 1, false), 1);
  assert.deepEqual(await client.deleteSubject(subject, false), [2]);
  assert.deepEqual(await client.deleteSubject(subject, true), [1, 2]);
  client.clearCaches();
  await assert.rejects(client.getLatestSchemaMetadata(subject), (e) => e.status === 404);
  ok('soft and hard delete');
  console.log('@confluentinc/schemaregistry: all steps passed');
}

main().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
