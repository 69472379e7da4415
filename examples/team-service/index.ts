// Thin entry point: the team's program is src/team-service.ts, its config Pulumi.<stack>.yaml.
import { teamService } from "./src/team-service";

export = async () => teamService();
