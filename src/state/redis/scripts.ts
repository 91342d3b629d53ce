/**
 * The Redis side of the shared store, as Lua scripts: each change is one script, so it is atomic on
 * the server (a response stored, indexed and the oldest evicted at once; a conversation's items
 * appended only while the conversation exists) and a whole exchange's changes go in one round trip.
 *
 * Keys, under the replica's prefix `p` (`re:`; tests share one server through db numbers):
 *   r:<id>        a response (codec.ts: a JSON header line, then JSON), with `--response-ttl` (or 7 days) as its TTL
 *   finished      a pub/sub channel: the id of each response whose end was written (replicas playing it end theirs)
 *   t:<id>        a response's turn given to its conversation (once, whichever replica ends it)
 *   r#            the responses by age (a sorted set scored by `seq`): `--max-stored-responses` evicts its oldest
 *   c:<id>        a conversation's own fields (JSON);  c:<id>:ids  its item ids in order (a list);
 *   c:<id>:items  its items by id (a hash);            c#  conversations by age (`--max-conversations`)
 *   i:<item id>   where an item lives, for `item_reference`: `r:<response id>` or `c:<conversation id>`
 *                 (a key per item rather than one hash, so an item's key expires with its response's TTL)
 *   n:<counter>   shared counters (occurrences of a request content, conversation ids, replicas)
 *   seq           the age order of r# and c#
 * Every key has a TTL (ARGV `keep`, refreshed as it is used; ./retention.ts), so a Redis with
 * `maxmemory-policy volatile-lru` can always evict, and what nobody uses goes away by itself.
 * The scripts touch keys they compute from the prefix (not passed as KEYS): fine on one Redis server,
 * not on Redis Cluster, which the store does not claim to support.
 */

/**
 * A stored response's header line (codec.ts: `{"previous":…,"items":[…]}`), or nil when the value does
 * not decode (it is then treated as missing, never an error for the exchange that meets it).
 */
const HEADER = `
local function header(v)
  local ok, h = pcall(cjson.decode, string.match(v, '^[^\\n]*'))
  if not ok or type(h) ~= 'table' then return nil end
  if type(h.previous) ~= 'string' then h.previous = '' end
  if type(h.items) ~= 'table' then h.items = {} end
  return h
end
`;

/** Drops the oldest responses beyond ARGV max, with their item keys (read from the stored value's header). */
const EVICT_RESPONSES = `${HEADER}
local function dropResponse(p, id)
  local v = redis.call('GET', p .. 'r:' .. id)
  if v then
    local h = header(v)
    if h then for _, item in ipairs(h.items) do if type(item) == 'string' then redis.call('DEL', p .. 'i:' .. item) end end end
    redis.call('DEL', p .. 'r:' .. id)
  end
end
local function evict(p, max)
  local over = redis.call('ZCARD', p .. 'r#') - max
  if over > 0 then
    local old = redis.call('ZPOPMIN', p .. 'r#', over)
    for i = 1, #old, 2 do dropResponse(p, old[i]) end
  end
end
`;

/** ARGV: prefix, id, value, ttl ms, max stored, keep ms (the index's TTL). Stores (or stores again: it becomes the newest) and evicts. */
export const PUT_RESPONSE = `${EVICT_RESPONSES}
local p, id, value, ttl, keep = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[6]
redis.call('SET', p .. 'r:' .. id, value, 'PX', ttl)
for _, item in ipairs(header(value).items) do redis.call('SET', p .. 'i:' .. item, 'r:' .. id, 'PX', ttl) end
redis.call('ZADD', p .. 'r#', redis.call('INCR', p .. 'seq'), id)
redis.call('PEXPIRE', p .. 'r#', keep)
redis.call('PEXPIRE', p .. 'seq', keep)
evict(p, tonumber(ARGV[5]))
return 1`;

/**
 * Used conversations stay: a conversation's keys (and the conversation id counter, so no new
 * conversation gets the id of one still kept) get their TTL again; and items appended to one (a
 * turn, or items added), written once for the scripts that do it.
 */
const CONVERSATION_ITEMS = `
local function keepConversation(p, id, keep)
  for _, key in ipairs({ p .. 'c:' .. id, p .. 'c:' .. id .. ':ids', p .. 'c:' .. id .. ':items', p .. 'c#', p .. 'n:conversations' }) do
    redis.call('PEXPIRE', key, keep)
  end
end
-- Appends ARGV's item id / item JSON pairs from index \`from\` to a conversation that exists, each
-- findable by id (item_reference); its keys are kept. Returns 0 when the conversation is gone.
local function appendItems(p, id, keep, from)
  if redis.call('EXISTS', p .. 'c:' .. id) == 0 then return 0 end
  for i = from, #ARGV, 2 do
    redis.call('RPUSH', p .. 'c:' .. id .. ':ids', ARGV[i])
    redis.call('HSET', p .. 'c:' .. id .. ':items', ARGV[i], ARGV[i + 1])
    redis.call('SET', p .. 'i:' .. ARGV[i], 'c:' .. id, 'PX', keep)
  end
  keepConversation(p, id, keep)
  return 1
end
`;

/**
 * ARGV: prefix, id, value, keep ms, then (for a generation's end that gives its conversation the
 * turn) the conversation id and item id / item JSON pairs. A response that changed after it was
 * stored: not brought back if it was deleted meanwhile, and never over a terminal status (the first
 * end written wins: a cancel through one replica and the completion on another cannot both land). A
 * terminal value that lands is published on `finished`. Its conversation gets the turn once, whoever
 * ends it (a marker `t:<id>`: several replicas may play the same job), also when the response was
 * deleted meanwhile (as in memory: a deleted response's turn still counts), never after another end
 * won. A value whose header does not decode counts as no status. Returns 1 when it was written.
 */
export const UPDATE_RESPONSE = `${HEADER}${CONVERSATION_ITEMS}
local p, id, value, keep = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local terminal = { completed = true, incomplete = true, failed = true, cancelled = true }
local function status(v)
  local h = header(v)
  return h and h.status
end
local stored = redis.call('GET', p .. 'r:' .. id)
local landed = stored and not terminal[status(stored)]
if landed then redis.call('SET', p .. 'r:' .. id, value, 'KEEPTTL') end
if not terminal[status(value)] then return landed and 1 or 0 end
local conversation = ARGV[5]
if conversation and (landed or not stored) and redis.call('EXISTS', p .. 'c:' .. conversation) == 1
  and redis.call('SET', p .. 't:' .. id, '1', 'NX', 'PX', keep) then
  appendItems(p, conversation, keep, 6)
end
if not landed then return 0 end
redis.call('PUBLISH', p .. 'finished', id)
return 1`;

/** ARGV: prefix, id. Returns 1 when it was there. */
export const DELETE_RESPONSE = `${EVICT_RESPONSES}
local p, id = ARGV[1], ARGV[2]
local there = redis.call('EXISTS', p .. 'r:' .. id)
dropResponse(p, id)
redis.call('ZREM', p .. 'r#', id)
return there`;

/**
 * ARGV: prefix, id, max length, held ('1' when the caller holds this response finished, with the chain
 * it continues). The response and the ones it continues, newest first, in one round trip; for a held
 * one, only `#<status>` (or nothing when it is gone): an agent loop continuing on the replica that
 * answered its last turn reads a few bytes, not its whole history again at every turn.
 */
export const GET_CHAIN = `${HEADER}
local p, id, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
local out = {}
if ARGV[4] == '1' then
  local v = redis.call('GET', p .. 'r:' .. id)
  if not v then return out end
  local h = header(v)
  out[1] = '#' .. ((h and h.status) or '')
  return out
end
while id ~= '' and #out < max do
  local v = redis.call('GET', p .. 'r:' .. id)
  if not v then break end
  out[#out + 1] = v
  local h = header(v)
  if not h then break end
  id = h.previous
end
return out`;

const DROP_CONVERSATION = `
local function dropConversation(p, id, items)
  if items then
    for _, item in ipairs(redis.call('LRANGE', p .. 'c:' .. id .. ':ids', 0, -1)) do redis.call('DEL', p .. 'i:' .. item) end
  end
  redis.call('DEL', p .. 'c:' .. id, p .. 'c:' .. id .. ':ids', p .. 'c:' .. id .. ':items')
  redis.call('ZREM', p .. 'c#', id)
end
`;

/** ARGV: prefix, id, fields JSON, max conversations, keep ms. A new conversation (no items yet); the oldest beyond max are evicted. */
export const CREATE_CONVERSATION = `${DROP_CONVERSATION}
local p, id, keep = ARGV[1], ARGV[2], ARGV[5]
redis.call('SET', p .. 'c:' .. id, ARGV[3], 'PX', keep)
redis.call('ZADD', p .. 'c#', redis.call('INCR', p .. 'seq'), id)
redis.call('PEXPIRE', p .. 'c#', keep)
redis.call('PEXPIRE', p .. 'seq', keep)
local over = redis.call('ZCARD', p .. 'c#') - tonumber(ARGV[4])
if over > 0 then
  local old = redis.call('ZRANGE', p .. 'c#', 0, over - 1)
  for _, oldId in ipairs(old) do dropConversation(p, oldId, true) end
end
return 1`;

/**
 * ARGV: prefix, id. Deleted; its items' reference keys go too (the memory store keeps a deleted
 * conversation's items findable by id for a while; the shared store does not).
 */
export const DELETE_CONVERSATION = `${DROP_CONVERSATION}
dropConversation(ARGV[1], ARGV[2], true)
return 1`;

/** ARGV: prefix, id, keep ms, then item id / item JSON pairs. Appended while the conversation exists (a delete elsewhere wins). */
export const APPEND_ITEMS = `${CONVERSATION_ITEMS}
return appendItems(ARGV[1], ARGV[2], ARGV[3], 4)`;

/** ARGV: prefix, id, item id. */
export const DELETE_ITEM = `
local p, id, item = ARGV[1], ARGV[2], ARGV[3]
redis.call('LREM', p .. 'c:' .. id .. ':ids', 0, item)
redis.call('HDEL', p .. 'c:' .. id .. ':items', item)
redis.call('DEL', p .. 'i:' .. item)
return 1`;

/** ARGV: prefix, id, fields JSON, keep ms. Its fields changed (metadata); not brought back if it was deleted. */
export const UPDATE_CONVERSATION = `${CONVERSATION_ITEMS}
if not redis.call('SET', ARGV[1] .. 'c:' .. ARGV[2], ARGV[3], 'XX') then return 0 end
keepConversation(ARGV[1], ARGV[2], ARGV[4])
return 1`;
