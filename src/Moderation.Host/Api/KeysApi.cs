using Microsoft.AspNetCore.Http.HttpResults;
using Moderation.Host.Security;
using Moderation.Security;

namespace Moderation.Host.Api;

public static class KeysApi
{
    public sealed record CreateKeyRequest(string Name, string Role);

    public sealed record CreatedKey(long Id, string Name, string Role, string Key);

    public sealed record KeyList(IReadOnlyList<ApiKeyInfo> Items);

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(Policies.Administering);
        group.MapGet("", List);
        group.MapPost("", Create);
        group.MapDelete("/{id}", Revoke);
        return app;
    }

    static async Task<Ok<KeyList>> List(ApiKeyStore keys, CancellationToken ct) => TypedResults.Ok(new KeyList(await keys.ListAsync(ct)));

    /// The key is in this response and nowhere else: only its hash is kept.
    static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> Create(CreateKeyRequest request, ApiKeyStore keys, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            return Problems.BadRequest("name is required and at most 200 characters.");
        if (!ApiRoles.All.Contains(request.Role))
            return Problems.BadRequest($"role must be one of {string.Join(", ", ApiRoles.All)}.");
        var (info, key) = await keys.CreateAsync(request.Name, request.Role, ct);
        return TypedResults.Created($"/v1/keys/{info.Id}", new CreatedKey(info.Id, info.Name, info.Role, key));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, ApiKeyStore keys, CancellationToken ct)
    {
        if (!Paging.TryId(id, out var keyId))
            return Problems.BadRequest("id must be a positive whole number.");
        return await keys.RevokeAsync(keyId, ct) ? TypedResults.NoContent() : Problems.NotFound($"There is no active key {keyId}.");
    }
}
