using ServingFabric.Releases;

namespace ServingFabric.Grains.Fronts;

// STUB: outcome collection and feedback (issue 4) replace this file.
internal sealed partial class InferenceFrontGrain
{
    public Task<FeedbackReceipt> RecordFeedback(string requestId, double reward, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
