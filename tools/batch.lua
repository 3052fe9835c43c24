-- wrk script: POST /v1/score/batch with 1,000 typical comments per request.
local key = os.getenv("MODERATION_KEY") or ""
local items = {}
for i = 1, 1000 do
  local t = (i % 4 == 0) and "You are a complete idiot and everyone who reads your garbage comments knows it. Go back to whatever hole you crawled out of."
    or "Thanks for the thorough reporting. I would like to see more about how the negotiations are organised and who sits at the table."
  items[i] = '{"id":"b' .. i .. '","text":"' .. t .. '"}'
end
local body = '{"items":[' .. table.concat(items, ",") .. ']}'
request = function()
  return wrk.format("POST", "/v1/score/batch", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
end
