// Drives Herald's schema registry with @kafkajs/confluent-schema-registry: register (its GET /config 404
// handshake included), evolve, refuse an incompatible change with 409, encode/decode the wire format
// (magic 0 + 4-byte id) for Avro and JSON Schema, look up ids. Usage: node kafkajs-check.js <registry-url>
const assert = require('node:assert/strict');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const registry = new SchemaRegistry({ host: process.argv[2] }, { retry: { retries: 0 } });
const subject = 'kafkajs-orders-value';
const v1 = { type: 'record', name: 'OrderPlaced', namespace: 'shop', fields: [{ name: 'id', type: 'string' }] };
const v2 = { ...v1, fields: [...v1.fields, { name: 'total', type: 'double', default: 0 }] };
const bad = { ...v1, fields: [{ name: 'id', type: 'int' }] };

function ok(step) {
  console.log('ok', step);
}

async function main() {
  const { id: id1 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });
  const { id: id2 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject });
  assert.notEqual(id1, id2);
  ok('register and evolve');
  await assert.rejects(registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(bad) }, { subject }),
    (e) => e.status === 409 || /409/.test(String(e.message)));
  ok('incompatible change refused with 409');
  const encoded = await registry.encode(id2, { id: 'o-1', total: 12.5 });
  assert.equal(encoded[0], 0);
  assert.equal(encoded.readInt32BE(1), id2);
  ok('wire format: magic byte 0 + 4-byte id');
  assert.deepEqual({ ...(await registry.decode(encoded)) }, { id: 'o-1', total: 12.5 });
  ok('decode');
  assert.equal(await registry.getLatestSchemaId(subject), id2);
  assert.equal(await registry.getRegistryId(subject, 1), id1);
  assert.equal(await registry.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(v1) }), id1);
  ok('lookups');

  const jsonSchema = { title: 'PaymentCaptured', type: 'object', properties: { order: { type: 'string' } }, required: ['order'] };
  const { id: jsonId } = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(jsonSchema) },
    { subject: 'kafkajs-payments-value' });
  const jsonEncoded = await registry.encode(jsonId, { order: 'o-1' });
  assert.equal(jsonEncoded.readInt32BE(1), jsonId);
  assert.deepEqual(await registry.decode(jsonEncoded), { order: 'o-1' });
  ok('JSON Schema register, encode, decode');
  console.log('kafkajs confluent-schema-registry: all steps passed');
}

main().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
