// The user a viewer request runs for, readable below the routes (the fleet's packet source signs
// node requests for this user) without threading it through every call.
import { AsyncLocalStorage } from 'node:async_hooks';

export const requestUser = new AsyncLocalStorage<string>();
