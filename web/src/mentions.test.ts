import { describe, expect, it } from 'vitest';
import { insertMention, matchAgents, mentionAt, mentionsIn, splitMentions } from './mentions';

const agents = [{ id: 'alice', name: 'Alice Adams' }, { id: 'bob', name: 'Bob Brown' }, { id: 'al.x', name: 'Xavier' }];

describe('mentions', () => {
  it('finds the @query at the caret', () => {
    expect(mentionAt('hi @al', 6)).toEqual({ start: 3, query: 'al' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail me@al', 10)).toBeNull();
    expect(mentionAt('hi @al there', 12)).toBeNull();
  });
  it('matches agents by id or any word of the name', () => {
    expect(matchAgents(agents, 'al').map((a) => a.id)).toEqual(['alice', 'al.x']);
    expect(matchAgents(agents, 'brown').map((a) => a.id)).toEqual(['bob']);
    expect(matchAgents(agents, '').length).toBe(3);
  });
  it('inserts the picked agent and keeps only mentions still in the text', () => {
    const r = insertMention('ask @al please', 4, 7, agents[0]);
    expect(r).toEqual({ text: 'ask @alice  please', caret: 11 });
    expect(mentionsIn(r.text, ['alice', 'bob', 'alice'])).toEqual(['alice']);
    expect(mentionsIn('@alicex', ['alice'])).toEqual([]);
  });
  it('splits a note for display', () => {
    expect(splitMentions('cc @bob and @alice.', ['alice', 'bob'])).toEqual([
      { text: 'cc ', mention: false }, { text: '@bob', mention: true }, { text: ' and ', mention: false },
      { text: '@alice', mention: true }, { text: '.', mention: false }]);
  });
});
