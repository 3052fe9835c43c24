-- wrk script: POST /v1/score with typical comments (100-500 characters), rotating through a few.
-- Usage: see tools/load-score.sh
local texts = {
  "I agree with the writer of this article. The US lost a proxy war before and will lose again. Some people never learn from history, it seems, and the rest of us pay for it.",
  "Thanks for the thorough reporting. I would like to see more about how the negotiations are actually organised, who sits at the table and what each side has offered so far.",
  "You are a complete idiot and everyone who reads your garbage comments knows it. Go back to whatever hole you crawled out of and stay there, nobody wants you here.",
  "The council meeting was postponed again. Residents have been waiting three months for an answer about the new bus route, and the delays are costing local businesses real money every week.",
}
local key = os.getenv("MODERATION_KEY") or ""
local bodies = {}
for i, t in ipairs(texts) do bodies[i] = '{"text":"' .. t .. '","id":"c' .. i .. '"}' end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/v1/score", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, bodies[(n % #bodies) + 1])
end
