import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import App from './App.vue';
import { currentUser } from './api';
import './style.css';

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: (to) => ({ path: '/sessions', query: to.query }) },
    { path: '/login', component: () => import('./pages/Login.vue') },
    { path: '/sessions', component: () => import('./pages/Sessions.vue') },
    { path: '/spiview', component: () => import('./pages/SpiView.vue') },
    { path: '/spigraph', component: () => import('./pages/SpiGraph.vue') },
    { path: '/connections', component: () => import('./pages/Connections.vue') },
    { path: '/files', component: () => import('./pages/Files.vue') },
    { path: '/stats', component: () => import('./pages/Stats.vue') },
    { path: '/upload', component: () => import('./pages/Upload.vue') },
  ],
});

// Every page but the login form needs a user; a deep link comes back here after logging in.
router.beforeEach(async (to) => {
  if (to.path === '/login') return true;
  if (await currentUser()) return true;
  return { path: '/login', query: { next: to.fullPath } };
});

createApp(App).use(router).mount('#app');
