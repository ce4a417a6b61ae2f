// The labs site's index and ledger pages: offline support and its indicator, nothing else.
import { keepOffline } from "./offline.js";

keepOffline();
