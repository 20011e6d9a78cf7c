using System.CommandLine;
using FaceChain.Cli;

// One file per command; register new commands here.
var root = new RootCommand("FaceChain: styled portraits from one face photo.")
{
    FacesCommand.Create(),
    CompareCommand.Create(),
    ModelsCommand.Create(),
};
return root.Parse(args).Invoke();
