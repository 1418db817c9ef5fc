import { describe, expect, it } from 'vitest';
import { matching, render, slashQuery, unresolved, variables } from './quickreply';

const vars = variables({ contactName: 'Maria  Souza', agentId: 'alice', agentName: 'Alice Adams', conversationId: 'c-42', channel: 'whatsapp' });

describe('quick reply variables', () => {
  it('fills the contact, agent and conversation variables', () => {
    const r = render('Hi {{contact.first_name}}, {{ agent.first_name }} here about {{conversation.id}} ({{contact.name}}, {{contact.last_name}})', vars);
    expect(r.text).toBe('Hi Maria, Alice here about c-42 (Maria  Souza, Souza)');
    expect(r.unresolved).toEqual([]);
  });

  it('uses the fallback of a known variable without a value', () => {
    const v = variables({ agentId: 'bob', conversationId: 'c1' });
    expect(render('Hi {{ contact.first_name | "there" }}!', v).text).toBe('Hi there!');
    expect(render('From {{agent.name}}', v).text).toBe('From bob');
  });

  it('leaves unknown and empty variables visible and reports them once', () => {
    const r = render('Order {{order.number}} for {{account.name}}, ref {{order.number}}', vars);
    expect(r.text).toBe('Order {{order.number}} for {{account.name}}, ref {{order.number}}');
    expect(r.unresolved).toEqual(['{{order.number}}', '{{account.name}}']);
    // An unknown variable keeps its placeholder even with a fallback: the agent must decide.
    expect(render('{{ order.number | "n/a" }}', vars).unresolved).toEqual(['{{ order.number | "n/a" }}']);
  });

  it('finds what is left to fill in a text being edited', () => {
    expect(unresolved('Dear {{ name }}, see {{x}} and {{x}}')).toEqual(['{{ name }}', '{{x}}']);
    expect(unresolved('no braces {here}')).toEqual([]);
  });
});

describe('quick reply picker', () => {
  const all = [
    { id: '1', shortcut: 'thanks', text: 'Thank you {{contact.first_name}}!', scope: 'account' },
    { id: '2', shortcut: 'refund', text: 'Your refund is on its way', scope: 'personal' },
    { id: '3', shortcut: 'hello', text: 'Hello! How can we help with your refund?', scope: 'account' },
  ];
  it('opens on "/" at the start only', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/ref')).toBe('ref');
    expect(slashQuery('a /ref')).toBeNull();
    expect(slashQuery('/ref and more')).toBeNull();
  });
  it('matches shortcuts first, then text', () => {
    expect(matching(all, 'ref').map((r) => r.id)).toEqual(['2', '3']);
    expect(matching(all, '').length).toBe(3);
    expect(matching(all, 'zzz')).toEqual([]);
  });
});
