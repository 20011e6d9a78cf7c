using FaceChain.Hosting.Tests.Samples;
using Microsoft.DurableTask;

namespace FaceChain.Hosting.Tests;

public sealed class DurableTaskRegistrationsTests
{
    [Fact]
    public void ClassesAreRegisteredUnderTheirNames()
    {
        var registrations = new DurableTaskRegistrations()
            .AddOrchestrator<SampleOrchestrator>()
            .AddActivity<GreetActivity>()
            .AddActivity("Renamed", typeof(SquareActivity));

        Assert.Equal(new DurableTaskRegistration(nameof(SampleOrchestrator), typeof(SampleOrchestrator)), Assert.Single(registrations.Orchestrators));
        Assert.Equal(["GreetActivity", "Renamed"], registrations.Activities.Select(activity => activity.Name));
    }

    [Fact]
    public void TheDurableTaskAttributeNamesAClass()
    {
        var registrations = new DurableTaskRegistrations().AddActivity<AttributeNamedActivity>();

        Assert.Equal("CustomName", Assert.Single(registrations.Activities).Name);
    }

    [Fact]
    public void ADuplicateNameIsRefused()
    {
        var registrations = new DurableTaskRegistrations().AddActivity<GreetActivity>();

        var error = Assert.Throws<ArgumentException>(() => registrations.AddActivity("greetactivity", typeof(SquareActivity)));
        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATypeOfTheWrongKindIsRefused()
    {
        var registrations = new DurableTaskRegistrations();

        Assert.Throws<ArgumentException>(() => registrations.AddActivity("NotAnActivity", typeof(SampleOrchestrator)));
        Assert.Throws<ArgumentException>(() => registrations.AddOrchestrator("NotAnOrchestrator", typeof(string)));
    }

    [DurableTask("CustomName")]
    private sealed class AttributeNamedActivity : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input);
    }
}
