-- Link one article into its owner's story index, atomically: Redis runs a script to the end
-- before any other command, so two workers linking related articles at the same moment see each
-- other's writes in some order, and never open two stories for one event.
--
-- Every key here belongs to one owner and carries the owner's hash tag, so in a Redis Cluster
-- they all live in one slot. KEYS are day buckets, oldest first: LSH bands, article records,
-- postings (3 x ARGV[1] keys); then the feature counts of the last period and this one. Story keys are named from ARGV prefixes plus a story id read from
-- those buckets (same hash tag, same slot).
--
-- Layouts (big-endian; index.py and store.py read the same):
-- article record, field <ref> of its day's record bucket:
--   >I2 signature length, >I2 vector length, >I1 job id length, the signature (>I4 per
--   permutation), the vector (4-byte feature id + >I2 weight * 65535), the job id,
--   then JSON {t, title, outlet, published_at, story, dup, sim}
-- LSH band bucket: field <band key> -> the refs (8 bytes each) of that day's articles with it
-- posting bucket: field <key digest> -> the ids (16 hex) of that day's stories with that key (an
--   entity or a key term of one of their articles)
-- feature count bucket, one per period of the window's length: field <feature id> -> that
--   period's articles with the feature; '#n' -> articles
-- story: >d first seen, >d last seen, >d centroid norm squared, >i4 first and >i4 last day reported
--   on (0: none known), >I4 articles, >I2 centroid features; the centroid (4-byte feature id +
--   >f summed weight of its first `freeze` articles). Read for every candidate, so kept small.
-- story members, a key of its own (read only for the story joined, and only its tail): its latest
--   articles (8-byte ref + >I4 received), appended, trimmed to `members` when twice that long.

local days = tonumber(ARGV[1])
local t = tonumber(ARGV[2])
local window_s = tonumber(ARGV[3])
local ttl_s = tonumber(ARGV[4])
local ref = ARGV[5]
local signature = ARGV[6]
local vector = ARGV[7]
local event_day = tonumber(ARGV[8]) -- nil when the article names no date
local new_story = ARGV[9]
local job = ARGV[10]
local info = cjson.decode(ARGV[11])
local story_prefix, records_prefix, members_prefix = ARGV[12], ARGV[13], ARGV[14]
local p = cjson.decode(ARGV[15])
local n_bands = tonumber(ARGV[16])
local bands, postings = {}, {}
for i = 17, 16 + n_bands do
  bands[#bands + 1] = ARGV[i]
end
for i = 17 + n_bands, #ARGV do
  postings[#postings + 1] = ARGV[i]
end
local band_keys, record_keys, posting_keys = {}, {}, {}
for i = 1, days do
  band_keys[i], record_keys[i], posting_keys[i] = KEYS[i], KEYS[days + i], KEYS[2 * days + i]
end
local count_keys = { KEYS[3 * days + 1], KEYS[3 * days + 2] } -- the last period's, this one's

local sub, unpack_struct, pack_struct = string.sub, struct.unpack, struct.pack
local HEADER = '>dddi4i4I4I2'
local HEADER_LEN = 38
local MEMBER = 12

-- A record's parts; the JSON is decoded only when asked for.
local function parse_record(record, with_info)
  local sig_len, vec_len, job_len, pos = unpack_struct('>I2I2I1', record)
  local parts = {
    sig = sub(record, pos, pos + sig_len - 1),
    vec = sub(record, pos + sig_len, pos + sig_len + vec_len - 1),
    job = sub(record, pos + sig_len + vec_len, pos + sig_len + vec_len + job_len - 1),
  }
  if with_info then
    parts.info = cjson.decode(sub(record, pos + sig_len + vec_len + job_len))
  end
  return parts
end

local function parse_story(blob)
  local first, last, n2, dmin, dmax, count, features = unpack_struct(HEADER, blob)
  return {
    first = first, last = last, n2 = n2, count = count,
    dmin = dmin ~= 0 and dmin or nil, dmax = dmax ~= 0 and dmax or nil,
    centroid = sub(blob, HEADER_LEN + 1, HEADER_LEN + 8 * features),
  }
end

-- The article's vector, each feature reweighed by how many of this owner's recent articles have it
-- (a smoothed inverse document frequency, scaled to 1 for a feature none has): an outlet's own
-- name and its boilerplate, "Indonesia", words of every report that week, tell stories apart less
-- than the rest. `p.prior` articles that have none of the features are counted too, so that a
-- young index (ten articles on one event) does not discount the event's own words. Then unit
-- length again. Counts are kept per period of the window's length, this one and the last read
-- (one to two windows of articles): two lookups, not one per day.
local ids, weights, by_id = {}, {}, {}
for pos = 1, #vector - 5, 6 do
  local id = sub(vector, pos, pos + 3)
  ids[#ids + 1], weights[#weights + 1] = id, unpack_struct('>I2', vector, pos + 4) / 65535
end
local counted, current_counts, articles, articles_current = {}, {}, 0, 0
if #ids > 0 then
  for i = 1, 2 do
    local values = redis.call('HMGET', count_keys[i], '#n', unpack(ids))
    local n = tonumber(values[1]) or 0
    articles = articles + n
    if i == 2 then articles_current = n end
    for f = 1, #ids do
      local c = tonumber(values[f + 1]) or 0
      counted[f] = (counted[f] or 0) + c
      if i == 2 then current_counts[f] = c end
    end
  end
end
local total = 1 + articles + p.prior
local norm2, scale = 0, math.log(total) + 1
for f = 1, #ids do
  weights[f] = weights[f] * (math.log(total / (1 + counted[f])) + 1) / scale
  norm2 = norm2 + weights[f] * weights[f]
end
local packed_vector = {}
for i, id in ipairs(ids) do
  weights[i] = norm2 > 0 and weights[i] / math.sqrt(norm2) or 0
  by_id[id] = weights[i]
  packed_vector[i] = id .. pack_struct('>I2', math.floor(weights[i] * 65535 + 0.5))
end
vector = table.concat(packed_vector)
norm2 = norm2 > 0 and 1 or 0

-- Cosine with another article's vector (both unit length, give or take rounding).
local function similarity(packed)
  local dot = 0
  for pos = 1, #packed - 5, 6 do
    local w = by_id[sub(packed, pos, pos + 3)]
    if w then dot = dot + w * unpack_struct('>I2', packed, pos + 4) / 65535 end
  end
  return norm2 > 0 and dot / math.sqrt(norm2) or 0
end

local function dot_centroid(centroid)
  local dot = 0
  for pos = 1, #centroid - 7, 8 do
    local w = by_id[sub(centroid, pos, pos + 3)]
    if w then dot = dot + w * unpack_struct('>f', centroid, pos + 4) end
  end
  return dot
end

local function cosine(dot, n2)
  if dot <= 0 or n2 <= 0 or norm2 <= 0 then return 0 end
  return dot / math.sqrt(n2 * norm2)
end

-- Share of equal MinHash values: the estimated Jaccard similarity of the two shingle sets.
local function jaccard(a, b)
  if #a == 0 or #a ~= #b then return 0 end
  local equal = 0
  for pos = 1, #a, 4 do
    if sub(a, pos, pos + 3) == sub(b, pos, pos + 3) then equal = equal + 1 end
  end
  return equal / (#a / 4)
end

-- Earlier articles of the story among its latest members, most alike first: only the members
-- key's tail is read.
local function related(story)
  local found = {}
  local tail = redis.call('GETRANGE', members_prefix .. story, -MEMBER * (p.related_scan + 1), -1)
  for pos = #tail - MEMBER + 1, 1, -MEMBER do
    local member_ref = sub(tail, pos, pos + 7)
    if member_ref ~= ref and #found < p.related_scan then
      local day = math.floor(unpack_struct('>I4', tail, pos + 8) / 86400)
      local record = redis.call('HGET', records_prefix .. day, member_ref)
      if record then
        local other = parse_record(record, false)
        found[#found + 1] = { other.job, similarity(other.vec) }
      end
    end
  end
  table.sort(found, function(a, b) return a[2] > b[2] end)
  local flat = {}
  for i = 1, math.min(#found, p.related) do
    flat[#flat + 1] = found[i][1]
    flat[#flat + 1] = string.format('%.4f', math.min(found[i][2], 1))
  end
  return flat
end

local function reply(story, dup, dup_sim, story_sim, opened)
  return { story, dup or '', dup_sim and string.format('%.4f', dup_sim) or '',
    story_sim and string.format('%.4f', story_sim) or '', opened and 1 or 0, related(story) }
end

-- 0. Linked before (a retried job): the same answer again, never a second record.
for _, key in ipairs(record_keys) do
  local record = redis.call('HGET', key, ref)
  if record then
    local previous = parse_record(record, true).info
    local dup = previous.dup ~= cjson.null and previous.dup or nil
    local sim = previous.sim ~= cjson.null and previous.sim or nil
    return reply(previous.story, dup, sim, nil, false)
  end
end

-- 1. Near-copies: articles sharing a whole LSH band, checked on their full signatures. The
-- earliest one similar enough is the original every later copy names.
local duplicate, duplicate_sim, duplicate_t, duplicate_story = nil, nil, nil, nil
if #signature > 0 and n_bands > 0 then
  local seen, examined = {}, 0
  for i = days, 1, -1 do
    local values = redis.call('HMGET', band_keys[i], unpack(bands))
    for _, value in ipairs(values) do
      if value then
        for pos = #value - 7, 1, -8 do -- latest first
          local candidate = sub(value, pos, pos + 7)
          if candidate ~= ref and not seen[candidate] and examined < p.max_candidates then
            seen[candidate], examined = true, examined + 1
            local record = redis.call('HGET', record_keys[i], candidate)
            if record then
              local other = parse_record(record, false)
              local j = jaccard(signature, other.sig)
              if j >= p.duplicate then
                local other_info = parse_record(record, true).info
                if duplicate_t == nil or other_info.t < duplicate_t
                    or (other_info.t == duplicate_t and j > duplicate_sim) then
                  duplicate, duplicate_sim, duplicate_t = other.job, j, other_info.t
                  duplicate_story = other_info.story
                end
              end
            end
          end
        end
      end
    end
  end
end

-- 2. The story: a copy joins its original's story (while that is open); otherwise the open story
-- most alike among those sharing keys with the article, when alike enough and reporting on the
-- same days; otherwise a new one.
local story, current, story_sim = nil, nil, nil
if duplicate_story then
  local blob = redis.call('GET', story_prefix .. duplicate_story)
  if blob then
    story, current = duplicate_story, parse_story(blob)
    story_sim = cosine(dot_centroid(current.centroid), current.n2)
  end
end
if not story and #postings > 0 then
  -- The stories listed under each of the article's keys, over the window's days (latest last).
  local listed = {}
  for i = 1, days do
    local values = redis.call('HMGET', posting_keys[i], unpack(postings))
    for e = 1, #postings do
      if values[e] then listed[e] = (listed[e] or '') .. values[e] end
    end
  end
  -- Candidates by shared keys, each key weighing less the more stories it lists. A key listing
  -- more than `hub` stories in the window ("Indonesia", an outlet's name) finds no candidates:
  -- what it would add the rarer keys find, and reading it costs the most.
  local rarest, rarest_len = nil, nil
  for e = 1, #postings do
    if listed[e] and (rarest_len == nil or #listed[e] < rarest_len) then
      rarest, rarest_len = e, #listed[e]
    end
  end
  local score, order = {}, {}
  for e = 1, #postings do
    local stories = listed[e]
    if stories and (#stories <= 16 * p.hub or e == rarest) then
      local weight = 1 / math.log(2 + #stories / 16)
      local seen = {}
      -- Latest first, and only so many.
      local stop = math.max(1, #stories - 16 * p.per_key + 1)
      for pos = #stories - 15, stop, -16 do
        local candidate = sub(stories, pos, pos + 15)
        if not seen[candidate] then
          seen[candidate] = true
          if not score[candidate] then
            score[candidate] = 0
            order[#order + 1] = candidate
          end
          score[candidate] = score[candidate] + weight
        end
      end
    end
  end
  -- The best-scored few, without sorting them all.
  local top = {}
  for _, candidate in ipairs(order) do
    local s = score[candidate]
    if #top < p.stories or s > score[top[#top]] then
      local at = #top < p.stories and #top + 1 or #top
      while at > 1 and score[top[at - 1]] < s do
        top[at] = top[at - 1]
        at = at - 1
      end
      top[at] = candidate
    end
  end
  local best = 0
  for i = 1, #top do
    local blob = redis.call('GET', story_prefix .. top[i])
    if blob then
      local candidate = parse_story(blob)
      local vetoed = event_day and candidate.dmin
        and (event_day < candidate.dmin - p.window_days or event_day > candidate.dmax + p.window_days)
      if not vetoed and candidate.last >= t - window_s and candidate.first <= t + window_s then
        local sim = cosine(dot_centroid(candidate.centroid), candidate.n2)
        if sim >= p.link and sim > best then
          best, story, current, story_sim = sim, top[i], candidate, sim
        end
      end
    end
  end
end
local opened = story == nil
if opened then
  story = new_story
  current = { first = t, last = t, n2 = 0, count = 0, centroid = '' }
end

-- 3. Record the article: its record and bands, the story's postings, and the story itself.
local today_records, today_bands, today_postings = record_keys[days], band_keys[days], posting_keys[days]
info.story, info.dup, info.sim = story, duplicate or cjson.null, duplicate_sim or cjson.null
redis.call('HSET', today_records, ref,
  pack_struct('>I2I2I1', #signature, #vector, #job) .. signature .. vector .. job .. cjson.encode(info))
redis.call('EXPIRE', today_records, ttl_s)

-- Append an item of `size` bytes to a bucket's fields, keeping each field's latest `keep` items;
-- an item already in a field moves to its end instead.
local function append(key, fields, item, size, keep)
  if #fields == 0 then return end
  local values = redis.call('HMGET', key, unpack(fields))
  local updates = {}
  for i, field in ipairs(fields) do
    local value = values[i] or ''
    if sub(value, -size) ~= item then
      local at = string.find(value, item, 1, true)
      while at and (at - 1) % size ~= 0 do at = string.find(value, item, at + 1, true) end
      if at then value = sub(value, 1, at - 1) .. sub(value, at + size) end
      updates[#updates + 1] = field
      updates[#updates + 1] = sub(value .. item, -size * keep)
    end
  end
  if #updates > 0 then redis.call('HSET', key, unpack(updates)) end
  redis.call('EXPIRE', key, ttl_s)
end
if #signature > 0 then append(today_bands, bands, ref, 8, p.band_refs) end
append(today_postings, postings, story, 16, p.stories_per_key)
if #ids > 0 then
  local counts = { '#n', articles_current + 1 }
  for f, id in ipairs(ids) do
    counts[#counts + 1] = id
    counts[#counts + 1] = current_counts[f] + 1
  end
  redis.call('HSET', count_keys[2], unpack(counts))
  redis.call('EXPIRE', count_keys[2], ttl_s) -- read until a window after its last write
end

-- The story's centroid: the sum of its first `freeze` articles' vectors, strongest features kept.
-- Frozen after that, so a story cannot drift article by article into another event (a chain of
-- one outlet's product launches, each a little like the last, was the commonest false merge).
local centroid, n2 = current.centroid, current.n2
if current.count < p.freeze then
  local sums, features = {}, {}
  for pos = 1, #current.centroid - 7, 8 do
    local id = sub(current.centroid, pos, pos + 3)
    sums[id] = unpack_struct('>f', current.centroid, pos + 4)
    features[#features + 1] = id
  end
  for i, id in ipairs(ids) do
    if not sums[id] then
      sums[id] = 0
      features[#features + 1] = id
    end
    sums[id] = sums[id] + weights[i]
  end
  -- The strongest features: a plain numeric sort (no comparator) finds the weakest kept.
  local floor_weight = -1
  if #features > p.centroid then
    local values = {}
    for i, id in ipairs(features) do values[i] = sums[id] end
    table.sort(values)
    floor_weight = values[#values - p.centroid + 1]
  end
  local kept = {}
  n2 = 0
  for _, id in ipairs(features) do
    local w = sums[id]
    if w >= floor_weight and #kept < p.centroid then
      kept[#kept + 1] = id .. pack_struct('>f', w)
      n2 = n2 + w * w
    end
  end
  centroid = table.concat(kept)
end
local dmin, dmax = current.dmin, current.dmax
if event_day then
  dmin, dmax = math.min(dmin or event_day, event_day), math.max(dmax or event_day, event_day)
end
local header = pack_struct(HEADER, math.min(current.first, t), math.max(current.last, t), n2,
  dmin or 0, dmax or 0, current.count + 1, #centroid / 8)
redis.call('SET', story_prefix .. story, header .. centroid, 'EX', ttl_s)

-- Its members: appended; the latest `members` kept once twice that many are listed (members older
-- than the window are skipped when read: their records expire with their day).
local members_key = members_prefix .. story
local length = redis.call('APPEND', members_key, ref .. pack_struct('>I4', math.floor(t)))
if length > 2 * MEMBER * p.members then
  redis.call('SET', members_key, redis.call('GETRANGE', members_key, -MEMBER * p.members, -1))
end
redis.call('EXPIRE', members_key, ttl_s)

return reply(story, duplicate, duplicate_sim, story_sim, opened)
