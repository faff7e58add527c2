rootProject.name = "tracker"
include("app")
