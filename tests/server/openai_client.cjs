// openai_client.cjs — the `openai` npm package, as any application would use
// it, against `ward serve`: a chat completion, the same streamed, and
// embeddings (which the package asks for as base64). Prints one line per
// check; exits 1 on the first failure.
//   node openai_client.cjs BASE_URL TOKEN PATIENT
const OpenAI = require('openai');
const [base, key, patient] = process.argv.slice(2);
const client = new OpenAI({ baseURL: base + '/v1', apiKey: key, maxRetries: 0 });

function ok(cond, what) {
  if (!cond) { console.log('FAIL: ' + what); process.exit(1); }
  console.log('ok: ' + what);
}

(async () => {
  const question = [{ role: 'user', content: 'What is the latest A1c?' }];
  const r = await client.chat.completions.create({ model: 'ward', messages: question, metadata: { patient } });
  const answer = r.choices[0].message.content;
  ok(r.object === 'chat.completion' && answer.length > 0, 'chat completion answers');
  ok(Array.isArray(r.citations) && r.citations.length > 0, 'citations in the extra field');

  const stream = await client.chat.completions.create({ model: 'ward', messages: question, metadata: { patient }, stream: true });
  let text = '', chunks = 0, citations = null;
  for await (const c of stream) {
    chunks++;
    text += (c.choices[0] && c.choices[0].delta && c.choices[0].delta.content) || '';
    if (c.citations) citations = c.citations;
  }
  ok(chunks > 2 && text === answer, 'streamed answer equals the plain one (' + chunks + ' chunks)');
  ok(citations && citations.length > 0, 'citations at the end of the stream');

  const e = await client.embeddings.create({ model: 'ward', input: ['chest pain', 'hemoglobin A1c'] });
  ok(e.data.length === 2 && e.data[0].embedding.length > 0, 'embeddings (' + e.data[0].embedding.length + ' dims)');
  const norm = Math.sqrt(e.data[1].embedding.reduce((s, x) => s + x * x, 0));
  ok(Math.abs(norm - 1) < 1e-3, 'embedding has unit norm');
  const f = await client.embeddings.create({ model: 'ward', input: 'chest pain', encoding_format: 'float' });
  ok(Math.abs(f.data[0].embedding[0] - e.data[0].embedding[0]) < 1e-6, 'float and base64 agree');

  const models = await client.models.list();
  ok(models.data.some((m) => m.id === 'ward'), 'models list');

  const bad = new OpenAI({ baseURL: base + '/v1', apiKey: 'ward_wrong', maxRetries: 0 });
  try {
    await bad.chat.completions.create({ model: 'ward', messages: question });
    ok(false, 'a wrong key is refused');
  } catch (err) {
    ok(err.status === 401, 'a wrong key is refused (401)');
  }
  try {
    await client.chat.completions.create({ model: 'ward', messages: question, metadata: { patient: 'p2' } });
    ok(false, 'a patient outside scope is refused');
  } catch (err) {
    ok(err.status === 404, 'a patient outside scope is 404');
  }
})().catch((err) => { console.log('FAIL: ' + err); process.exit(1); });
