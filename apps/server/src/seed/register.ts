// Imports each module's demo seeder so that it registers itself (order matters: org first).
import './org.seed.js';
import './procedures.seed.js';
import './dossiers.seed.js';
import './queue.seed.js';
