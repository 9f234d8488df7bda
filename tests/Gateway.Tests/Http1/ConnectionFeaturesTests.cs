using Gateway.Http1.Transport;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Tests.Http1;

/// <summary>
/// The core's transport's feature collection behaves as the framework's <see cref="FeatureCollection"/>: the same
/// operations give the same features, the same enumeration (in the order they were first set) and a revision that
/// changes whenever the features do.
/// </summary>
public sealed class ConnectionFeaturesTests
{
    private sealed class F1;

    private sealed class F2;

    private sealed class F3;

    private interface IShared;

    private sealed class Shared : IShared;

    [Fact]
    public void SetGetReplaceRemove_AsTheFrameworksCollection()
    {
        var features = new ConnectionFeatures();
        var first = new F1();
        var shared = new Shared();

        Assert.Null(features.Get<F1>());
        features.Set(first);
        features.Set<IShared>(shared);
        Assert.Same(first, features.Get<F1>());
        Assert.Same(shared, features.Get<IShared>());
        Assert.Null(features.Get<Shared>()); // keyed by the type it was set as, not the object's type
        Assert.Same(shared, features[typeof(IShared)]);

        var revision = features.Revision;
        var replacement = new F1();
        features.Set(replacement);
        Assert.Same(replacement, features.Get<F1>());
        Assert.NotEqual(revision, features.Revision);
        Assert.Equal([typeof(F1), typeof(IShared)], features.Select(f => f.Key)); // a replacement keeps its place

        revision = features.Revision;
        features.Set<F1>(null);
        Assert.Null(features.Get<F1>());
        Assert.NotEqual(revision, features.Revision);
        Assert.Equal([typeof(IShared)], features.Select(f => f.Key));

        revision = features.Revision;
        features.Set<F2>(null); // removing what is not there changes nothing
        Assert.Equal(revision, features.Revision);
        Assert.False(features.IsReadOnly);
    }

    [Fact]
    public void MoreFeaturesThanItsFirstArrayHolds_AllKept()
    {
        var features = new ConnectionFeatures();
        Type[] types = [typeof(F1), typeof(F2), typeof(F3), typeof(IShared), typeof(Shared), typeof(string), typeof(int), typeof(long),
            typeof(short), typeof(byte), typeof(char), typeof(bool), typeof(double), typeof(float), typeof(decimal), typeof(object)];
        foreach (var type in types)
        {
            features[type] = type.Name;
        }

        Assert.Equal(types, features.Select(f => f.Key));
        foreach (var type in types)
        {
            Assert.Equal(type.Name, features[type]);
        }
    }

    /// <summary>Random sets, replacements and removals against the framework's collection: the same contents, in the same order, at every step.</summary>
    [Fact]
    public void RandomOperations_SameContentsAsFeatureCollection()
    {
        Type[] types = [typeof(F1), typeof(F2), typeof(F3), typeof(IShared), typeof(Shared), typeof(string), typeof(int), typeof(long),
            typeof(short), typeof(byte), typeof(char), typeof(bool), typeof(double), typeof(float)];
        var random = new Random(18);
        var ours = new ConnectionFeatures();
        var framework = new FeatureCollection();
        for (var step = 0; step < 5_000; step++)
        {
            var type = types[random.Next(types.Length)];
            object? value = random.Next(4) == 0 ? null : step;
            var oursBefore = ours.Revision;
            var frameworkBefore = framework.Revision;
            ours[type] = value;
            framework[type] = value;

            Assert.Equal(framework.Revision == frameworkBefore, ours.Revision == oursBefore);
            Assert.Equal(framework[type], ours[type]);
            Assert.Equal(framework.OrderBy(f => f.Key.FullName).ToList(), ours.OrderBy(f => f.Key.FullName).ToList());
        }
    }
}
