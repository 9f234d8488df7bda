using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Store;

public sealed partial class ConfigStore
{
    /// <summary>
    /// Every error a commit of <paramref name="document"/> would be refused with (the document's own checks, the
    /// gateway's route and cluster checks, certificates and their stored keys); nothing is stored or applied.
    /// What the admin pages check an edit with before staging it, and what <c>POST /api/v1/config/validate</c> answers.
    /// </summary>
    public async Task<IReadOnlyList<ValidationError>> CheckAsync(GatewayConfig document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<ValidationError>();
        var withKeys = await _keys.AttachAsync(document, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        var built = await _publisher.BuildAsync(withKeys, "check", cancellationToken);
        return built.Succeeded ? [] : built.Errors;
    }

    /// <summary><see cref="CheckAsync"/> for callers that hold a lock (staging); the gateway's checks complete synchronously.</summary>
    internal IReadOnlyList<ValidationError> Check(GatewayConfig document) => Wait(CheckAsync(document));
}
