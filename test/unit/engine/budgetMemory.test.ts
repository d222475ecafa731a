// BudgetMemory stays small: a session that talks to many origins keeps the 100 budgets learned last.
import assert from 'node:assert/strict';
import { BudgetMemory } from '../../../src/core/engine/connectionBudget';

describe('BudgetMemory', () => {
  it('keeps the 100 origins learned last; learning one again makes it the newest', () => {
    const memory = new BudgetMemory();
    for (let port = 1; port <= 100; port++) memory.remember(`http://127.0.0.1:${port}`, port + 1);
    memory.remember('http://127.0.0.1:1', 5);
    memory.remember('http://127.0.0.1:101', 7);
    assert.equal(memory.recall('http://127.0.0.1:1'), 5);
    assert.equal(memory.recall('http://127.0.0.1:2'), undefined);
    assert.equal(memory.recall('http://127.0.0.1:3'), 4);
    assert.equal(memory.recall('http://127.0.0.1:101'), 7);
  });
});
