import { ChatMessageSchema } from './chat-message.schema';
import { validate } from './validation';

const text = { type: 'text', text: 'hi' };
const image = { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } };
const audio = { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'mp3' } };
const file = { type: 'file', file: { file_data: 'data:application/pdf;base64,AAAA', filename: 'a.pdf' } };
const refusal = { type: 'refusal', refusal: 'I cannot help with that.' };
const toolCall = { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } };

describe('ChatMessageSchema', () => {
  it.each<[string, Record<string, unknown>]>([
    ['system with a string', { role: 'system', content: 'Be brief.' }],
    ['system with text parts and a name', { role: 'system', content: [text], name: 'rules' }],
    ['developer with a string', { role: 'developer', content: 'Answer in French.' }],
    ['developer with text parts', { role: 'developer', content: [text, text] }],
    ['user with a string', { role: 'user', content: 'Hello' }],
    ['user with an empty string', { role: 'user', content: '' }],
    ['user with text, image, audio and file parts', { role: 'user', content: [text, image, audio, file], name: 'ann' }],
    ['user with an image without detail', { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }] }],
    ['user with a file by id', { role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }],
    ['assistant with a string', { role: 'assistant', content: 'Hi there.' }],
    ['assistant with no content', { role: 'assistant' }],
    ['assistant with text and refusal parts', { role: 'assistant', content: [text, refusal] }],
    ['assistant with an empty parts array', { role: 'assistant', content: [] }],
    ['assistant with a refusal', { role: 'assistant', refusal: 'No.' }],
    ['assistant with a legacy function_call', { role: 'assistant', function_call: { name: 'f', arguments: '{}' } }],
    ['assistant with an audio reference', { role: 'assistant', audio: { id: 'audio_1' } }],
    ['tool with a string', { role: 'tool', content: '{"temp":3}', tool_call_id: 'call_1' }],
    ['tool with text parts', { role: 'tool', content: [text], tool_call_id: 'call_1' }],
    ['function with content', { role: 'function', content: '42', name: 'answer' }],
    ['function with null content', { role: 'function', content: null, name: 'answer' }],
  ])('accepts %s', (_name, message) => {
    expect(ChatMessageSchema.safeParse(message)).toEqual({ success: true, data: message });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['assistant with null content and tool calls', { role: 'assistant', content: null, tool_calls: [toolCall] }, { role: 'assistant', tool_calls: [toolCall] }],
    ['assistant with null refusal and name', { role: 'assistant', content: 'Hi', refusal: null, name: null }, { role: 'assistant', content: 'Hi' }],
    ['user with a null name', { role: 'user', content: 'Hi', name: null }, { role: 'user', content: 'Hi' }],
  ])('accepts %s, a null as not set', (_name, message, expected) => {
    expect(validate(ChatMessageSchema, message)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, unknown]>([
    ['an unknown role', { role: 'wizard', content: 'x' }],
    ['a message without a role', { content: 'x' }],
    ['a message that is a string', 'hello'],
    ['system without content', { role: 'system' }],
    ['system with an empty parts array', { role: 'system', content: [] }],
    ['system with an image part', { role: 'system', content: [image] }],
    ['system with an unknown field', { role: 'system', content: 'x', priority: 1 }],
    ['developer with an audio part', { role: 'developer', content: [audio] }],
    ['user with null content', { role: 'user', content: null }],
    ['user with an empty parts array', { role: 'user', content: [] }],
    ['user with a refusal part', { role: 'user', content: [refusal] }],
    ['user with an image of unknown detail', { role: 'user', content: [{ type: 'image_url', image_url: { url: 'x', detail: 'ultra' } }] }],
    ['user with an image with an empty url', { role: 'user', content: [{ type: 'image_url', image_url: { url: '' } }] }],
    ['user with ogg audio', { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'ogg' } }] }],
    ['user with tool_calls', { role: 'user', content: 'x', tool_calls: [toolCall] }],
    ['assistant with an image part', { role: 'assistant', content: [image] }],
    ['assistant with a non-function tool call', { role: 'assistant', tool_calls: [{ ...toolCall, type: 'custom' }] }],
    ['assistant with tool call arguments as an object', { role: 'assistant', tool_calls: [{ ...toolCall, function: { name: 'f', arguments: {} } }] }],
    ['tool without tool_call_id', { role: 'tool', content: 'x' }],
    ['tool with a name', { role: 'tool', content: 'x', tool_call_id: 'c', name: 'weather' }],
    ['tool with an empty parts array', { role: 'tool', content: [], tool_call_id: 'c' }],
    ['function without a name', { role: 'function', content: 'x' }],
    ['function with parts', { role: 'function', content: [text], name: 'f' }],
  ])('rejects %s', (_name, message) => {
    expect(ChatMessageSchema.safeParse(message).success).toBe(false);
  });
});
